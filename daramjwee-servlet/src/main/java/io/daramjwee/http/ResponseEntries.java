package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link Metadata} of a stored response: its head (see {@link StoredResponse}), lifetime
 * (see {@link FreshnessCalculator}), validator, and body length. Shared by every origin, so a
 * controller response and a proxied one are stored alike. Stateless and thread-safe.
 *
 * <p>Some facts are known only once the body has streamed: its length and, when the origin sent
 * no {@code ETag}, a digest of it. {@link #entry} reserves fixed-width placeholders for them and
 * {@link #completed} fills them in, so the encoded metadata keeps its size and a store that wrote
 * it ahead of the body can patch it in place ({@code StoreWriter.amendMetadata}). Until then, or
 * where a store cannot amend, the placeholders read as "length unknown" and "no validator", never
 * as a wrong value.
 */
public final class ResponseEntries {

  /** The attribute holding the body length, 19 decimal digits; negative while unknown. */
  public static final String LENGTH = "len";

  private static final String UNKNOWN_LENGTH = "-000000000000000001";
  private static final String PENDING_TAG = "pending-etag-0000000000"; // not an entity-tag
  private static final int TAG_WIDTH = 24;

  /**
   * Fields the cache writes itself on every hit, or that describe one transfer, so they are not
   * stored: the length is in {@link #LENGTH}, {@code Age} is computed when serving.
   */
  private static final Set<String> NOT_STORED = Set.of("content-length", "age");

  private ResponseEntries() {}

  /**
   * The metadata to store for {@code head}: its hop-by-hop and per-transfer fields removed, its
   * lifetime from {@code rules}, its {@code ETag} as the cache tag, and placeholders for what
   * {@link #completed} adds. {@code cachedAt} is left for the cache to stamp.
   */
  public static Metadata entry(RouteRules rules, ResponseHead head, boolean negative) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(head, "head");
    Headers kept = HopByHop.strip(head.headers())
        .filter(name -> !NOT_STORED.contains(name.toLowerCase(Locale.ROOT)));
    ResponseHead stored = new ResponseHead(head.status(), kept);
    FreshnessCalculator.Lifetime lifetime = FreshnessCalculator.compute(rules, stored, negative);
    String etag = kept.first("ETag");
    Metadata.Builder builder = Metadata.builder()
        .negative(negative)
        .freshFor(lifetime.freshFor())
        .staleFor(lifetime.staleWhileRevalidate())
        .staleIfError(lifetime.staleIfError())
        .cacheTag(etag != null ? etag : PENDING_TAG);
    return StoredResponse.encodeInto(builder, stored, Map.of(LENGTH, UNKNOWN_LENGTH)).build();
  }

  /**
   * {@code metadata} once its body is complete: {@code bodyLength} recorded and, when the origin
   * gave no {@code ETag}, {@code computedEtag} (from {@link EtagDigest}) as its validator. Encodes
   * to the same size as {@code metadata} when that came from {@link #entry}.
   */
  public static Metadata completed(Metadata metadata, long bodyLength, String computedEtag) {
    Objects.requireNonNull(metadata, "metadata");
    if (bodyLength < 0) {
      throw new IllegalArgumentException("bodyLength must not be negative: " + bodyLength);
    }
    Metadata.Builder builder = metadata.toBuilder()
        .attribute(LENGTH, String.format(Locale.ROOT, "%019d", bodyLength));
    if (PENDING_TAG.equals(metadata.cacheTag())) {
      boolean fits = computedEtag != null && computedEtag.length() == TAG_WIDTH;
      // Without a digest of the right width the tag stays a placeholder: no validator is better
      // than a shorter one that would make the store copy the whole entry to patch it.
      builder.cacheTag(fits ? computedEtag : PENDING_TAG);
    }
    return builder.build();
  }

  /** Whether {@code metadata} still waits for a computed entity-tag. */
  public static boolean needsEtag(Metadata metadata) {
    return PENDING_TAG.equals(metadata.cacheTag());
  }

  /** The body length recorded by {@link #completed}, or -1 when unknown. */
  public static long length(Metadata metadata) {
    String value = metadata.attribute(LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value);
      return length < 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A stored entry renewed by a 304 (RFC 9111 §4.3.4): every stored field whose name the 304
   * carries is replaced by the 304's fields of that name (hop-by-hop, {@code Content-Length} and
   * {@code Age} excepted), the rest kept in order, and the lifetime computed again from the
   * merged head. The body, its length and its validator stay those of {@code stored}.
   */
  public static Metadata renewed(RouteRules rules, Metadata stored, ResponseHead notModified) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(notModified, "notModified");
    ResponseHead old = StoredResponse.decode(stored);
    Headers update = HopByHop.strip(notModified.headers())
        .filter(name -> !NOT_STORED.contains(name.toLowerCase(Locale.ROOT)));
    List<String> replaced = new ArrayList<>();
    for (Headers.Field f : update.fields()) {
      replaced.add(f.name().toLowerCase(Locale.ROOT));
    }
    Headers.Builder merged = Headers.builder();
    for (Headers.Field f : old.headers().fields()) {
      if (!replaced.contains(f.name().toLowerCase(Locale.ROOT))) {
        merged.add(f.name(), f.value());
      }
    }
    for (Headers.Field f : update.fields()) {
      merged.add(f.name(), f.value());
    }
    ResponseHead head = new ResponseHead(old.status(), merged.build());
    FreshnessCalculator.Lifetime lifetime =
        FreshnessCalculator.compute(rules, head, stored.negative());
    Metadata.Builder builder = Metadata.builder()
        .negative(stored.negative())
        .freshFor(lifetime.freshFor())
        .staleFor(lifetime.staleWhileRevalidate())
        .staleIfError(lifetime.staleIfError())
        .cacheTag(stored.cacheTag());
    Map<String, String> extra = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : stored.attributes().entrySet()) {
      String name = e.getKey();
      if (!name.equals(StoredResponse.STATUS) && !name.startsWith(StoredResponse.HEADER_PREFIX)) {
        extra.put(name, e.getValue());
      }
    }
    return StoredResponse.encodeInto(builder, head, extra).build();
  }
}
