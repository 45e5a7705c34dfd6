package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * The attribute holding the response's age when it was stored, in seconds: the {@code Age} an
   * upstream cache sent (RFC 9111 §5.1), absent when zero. Served ages add it to the time the
   * entry has spent here (§4.2.3).
   */
  public static final String INITIAL_AGE = "age0";

  private static final String UNKNOWN_LENGTH = "-000000000000000001";
  /** The width of an {@link EtagDigest} tag, quotes included. */
  private static final int TAG_WIDTH = 24;
  /**
   * Exactly as wide as the tag that replaces it (else amending changes the encoded size and a
   * file store copies the entry to patch it); unquoted, so it is never taken for an entity-tag.
   */
  private static final String PENDING_TAG = "pending-etag-".concat("0".repeat(TAG_WIDTH - 13));

  /**
   * Fields the cache writes itself on every hit, or that describe one transfer, so they are not
   * stored: the length is in {@link #LENGTH}, and {@code Age} is computed when serving from
   * {@link #INITIAL_AGE} and the time spent here.
   */
  private static final Set<String> NOT_STORED = Set.of("content-length", "age");

  private ResponseEntries() {}

  /**
   * The metadata to store for {@code head}: its hop-by-hop and per-transfer fields removed, its
   * lifetime from {@code rules}, its {@code ETag} as the cache tag, and placeholders for what
   * {@link #completed} adds. {@code cachedAt} is left for the cache to stamp.
   */
  public static Metadata entry(RouteRules rules, ResponseHead head, boolean negative) {
    return entry(rules, head, negative, null);
  }

  /**
   * {@link #entry(RouteRules, ResponseHead, boolean)} for a response received at
   * {@code receivedAt}, which stands in for a missing {@code Date} when the lifetime is computed
   * ({@link FreshnessCalculator#compute(RouteRules, ResponseHead, boolean, Instant)}); a
   * controller's response, captured before the container adds its {@code Date}, needs it for
   * the {@code Last-Modified} heuristic. {@code null} when not known.
   */
  public static Metadata entry(RouteRules rules, ResponseHead head, boolean negative,
      Instant receivedAt) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(head, "head");
    Headers kept = HopByHop.strip(head.headers())
        .filter(name -> !NOT_STORED.contains(name.toLowerCase(Locale.ROOT)));
    ResponseHead stored = new ResponseHead(head.status(), kept);
    FreshnessCalculator.Lifetime lifetime =
        FreshnessCalculator.compute(rules, stored, negative, receivedAt);
    String etag = kept.first("ETag");
    long initialAge = initialAge(head.headers());
    Metadata.Builder builder = Metadata.builder()
        .negative(negative)
        .freshFor(remaining(rules, lifetime.freshFor(), initialAge))
        .staleFor(lifetime.staleWhileRevalidate())
        .staleIfError(lifetime.staleIfError())
        .cacheTag(etag != null ? etag : PENDING_TAG);
    Map<String, String> extra = new java.util.LinkedHashMap<>();
    extra.put(LENGTH, UNKNOWN_LENGTH);
    if (initialAge > 0) {
      extra.put(INITIAL_AGE, Long.toString(initialAge));
    }
    return StoredResponse.encodeInto(builder, stored, extra).build();
  }

  /**
   * The freshness left of {@code lifetime} for a response already {@code initialAge} seconds old
   * (RFC 9111 §4.2: fresh while the lifetime exceeds the current age). Only when the route
   * respects Cache-Control: otherwise the route's own lifetime is a decision about this cache,
   * whatever the response's age.
   */
  private static Duration remaining(RouteRules rules, Duration lifetime, long initialAge) {
    if (!rules.respectCacheControl() || initialAge == 0) {
      return lifetime;
    }
    Duration left = lifetime.minusSeconds(initialAge);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * The response's {@code Age} in seconds (RFC 9111 §5.1), 0 when absent or not a number. Of
   * several values (repeated fields, or a list in one), the first is used, and when that one is
   * not delta-seconds the field is ignored: §5.1 says "a cache SHOULD use the first value" and
   * "if the field value is invalid, the cache SHOULD ignore" it, so {@code old, 0} is no age at
   * all rather than an age of 0 found further on.
   */
  static long initialAge(Headers headers) {
    String field = headers.first("Age");
    if (field == null) {
      return 0;
    }
    int comma = field.indexOf(',');
    String age = (comma < 0 ? field : field.substring(0, comma)).trim();
    if (age.isEmpty() || !age.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    if (age.length() > 10) {
      return CacheStatus.MAX_AGE; // delta-seconds saturate (§1.2.2)
    }
    return Math.min(Long.parseLong(age), CacheStatus.MAX_AGE);
  }

  /** The age the entry had when it was stored, in seconds; 0 when none was recorded. */
  public static long initialAge(Metadata metadata) {
    String value = metadata.attribute(INITIAL_AGE);
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
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
   * merged head, so a 304's {@code Cache-Control} or targeted field (RFC 9213) decides it. The
   * body, its length and its validator stay those of {@code stored}.
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
    long initialAge = initialAge(notModified.headers()); // the validation's age, not the old one
    Metadata.Builder builder = Metadata.builder()
        .negative(stored.negative())
        .freshFor(remaining(rules, lifetime.freshFor(), initialAge))
        .staleFor(lifetime.staleWhileRevalidate())
        .staleIfError(lifetime.staleIfError())
        .cacheTag(stored.cacheTag());
    Map<String, String> extra = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : stored.attributes().entrySet()) {
      String name = e.getKey();
      if (!name.equals(StoredResponse.STATUS) && !name.startsWith(StoredResponse.HEADER_PREFIX)
          && !name.equals(INITIAL_AGE)) {
        extra.put(name, e.getValue());
      }
    }
    if (initialAge > 0) {
      extra.put(INITIAL_AGE, Long.toString(initialAge));
    }
    return StoredResponse.encodeInto(builder, head, extra).build();
  }
}
