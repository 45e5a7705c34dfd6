package io.daramjwee;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the cache knows about an entry besides its body: the validator ({@link #cacheTag()}, an
 * ETag), when it was cached, whether it is a negative (not found) entry, optional per-entry
 * freshness that overrides the cache's configuration, and string attributes for the HTTP layer
 * (status, headers).
 *
 * <p>Immutable and thread-safe. {@link #encode()} and {@link #decode(byte[])} round-trip exactly;
 * the format is versioned (see {@link MetadataCodec}).
 */
public final class Metadata {

  private final String cacheTag;
  private final Instant cachedAt;
  private final boolean negative;
  private final Duration freshFor;
  private final Duration staleFor;
  private final Duration staleIfError;
  private final Map<String, String> attributes;

  private Metadata(Builder b) {
    this.cacheTag = b.cacheTag;
    this.cachedAt = b.cachedAt;
    this.negative = b.negative;
    this.freshFor = b.freshFor;
    this.staleFor = b.staleFor;
    this.staleIfError = b.staleIfError;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Metadata with only a validator. */
  public static Metadata ofTag(String cacheTag) {
    return builder().cacheTag(cacheTag).build();
  }

  /** The validator (an ETag), or {@code null}. */
  public String cacheTag() {
    return cacheTag;
  }

  /** When the entry was cached; the epoch until the cache stamps it. */
  public Instant cachedAt() {
    return cachedAt;
  }

  /** True for a cached "not found". */
  public boolean negative() {
    return negative;
  }

  /** How long this entry stays fresh, overriding the cache's setting, or {@code null}. */
  public Duration freshFor() {
    return freshFor;
  }

  /** How long past freshness it may be served while refreshing, or {@code null}. */
  public Duration staleFor() {
    return staleFor;
  }

  /** How long past freshness it may be served when the origin fails, or {@code null}. */
  public Duration staleIfError() {
    return staleIfError;
  }

  /** Attributes in insertion order, unmodifiable. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The attribute {@code name}, or {@code null}. */
  public String attribute(String name) {
    return attributes.get(name);
  }

  /** A copy with {@code cachedAt} replaced. */
  public Metadata withCachedAt(Instant cachedAt) {
    return toBuilder().cachedAt(cachedAt).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder()
        .cacheTag(cacheTag)
        .cachedAt(cachedAt)
        .negative(negative)
        .freshFor(freshFor)
        .staleFor(staleFor)
        .staleIfError(staleIfError);
    b.attributes.putAll(attributes);
    return b;
  }

  /** The versioned binary form; see {@link MetadataCodec}. */
  public byte[] encode() {
    return MetadataCodec.encode(this);
  }

  /**
   * Parses {@link #encode()}'s output.
   *
   * @throws CorruptEntryException when the bytes are not a metadata block of a known version
   */
  public static Metadata decode(byte[] bytes) throws CorruptEntryException {
    return MetadataCodec.decode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Metadata)) {
      return false;
    }
    Metadata that = (Metadata) o;
    return negative == that.negative
        && Objects.equals(cacheTag, that.cacheTag)
        && cachedAt.equals(that.cachedAt)
        && Objects.equals(freshFor, that.freshFor)
        && Objects.equals(staleFor, that.staleFor)
        && Objects.equals(staleIfError, that.staleIfError)
        && attributes.equals(that.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cacheTag, cachedAt, negative, freshFor, staleFor, staleIfError, attributes);
  }

  @Override
  public String toString() {
    return "Metadata{tag=" + cacheTag + ", cachedAt=" + cachedAt + ", negative=" + negative
        + (freshFor == null ? "" : ", freshFor=" + freshFor)
        + (staleFor == null ? "" : ", staleFor=" + staleFor)
        + (staleIfError == null ? "" : ", staleIfError=" + staleIfError)
        + ", attributes=" + attributes.keySet() + "}";
  }

  /** Builds {@link Metadata}; every field is optional. Not thread-safe. */
  public static final class Builder {
    private String cacheTag;
    private Instant cachedAt = Instant.EPOCH;
    private boolean negative;
    private Duration freshFor;
    private Duration staleFor;
    private Duration staleIfError;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder cacheTag(String cacheTag) {
      this.cacheTag = cacheTag;
      return this;
    }

    public Builder cachedAt(Instant cachedAt) {
      this.cachedAt = Objects.requireNonNull(cachedAt, "cachedAt");
      return this;
    }

    public Builder negative(boolean negative) {
      this.negative = negative;
      return this;
    }

    public Builder freshFor(Duration freshFor) {
      this.freshFor = nonNegative("freshFor", freshFor);
      return this;
    }

    public Builder staleFor(Duration staleFor) {
      this.staleFor = nonNegative("staleFor", staleFor);
      return this;
    }

    public Builder staleIfError(Duration staleIfError) {
      this.staleIfError = nonNegative("staleIfError", staleIfError);
      return this;
    }

    public Builder attribute(String name, String value) {
      attributes.put(Objects.requireNonNull(name, "attribute name"),
          Objects.requireNonNull(value, () -> "value of attribute " + name));
      return this;
    }

    public Metadata build() {
      return new Metadata(this);
    }

    private static Duration nonNegative(String name, Duration d) {
      if (d != null && d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
