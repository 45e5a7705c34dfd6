package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.time.Instant;
import java.util.Objects;

/**
 * The validators a cache sends to revalidate a stored response with its origin (RFC 9111
 * §4.3.1): {@code If-None-Match} with the stored {@code ETag}, and {@code If-Modified-Since}
 * with the stored {@code Last-Modified}, verbatim. Used by every origin that runs the
 * controller (the background refresh and the miss that replaces an expired entry). Stateless and
 * thread-safe.
 *
 * <p>Only the origin's own {@code ETag} field is sent, never the digest this cache computes for a
 * response without one ({@link EtagDigest}): the origin cannot know that tag, and an
 * {@code If-None-Match} it cannot match makes an origin that follows RFC 9110 §13.2.2 ignore the
 * {@code If-Modified-Since} beside it, so the entry's one usable validator would be wasted. A
 * {@code Last-Modified} that is not an HTTP-date is not sent: a recipient must ignore it
 * (RFC 9110 §13.1.3), and the servlet API could not read it as a date.
 */
public final class Validators {

  private Validators() {}

  /** The value of {@code If-None-Match} for {@code stored}: its {@code ETag} field, or null. */
  public static String ifNoneMatch(Metadata stored) {
    Objects.requireNonNull(stored, "stored");
    return StoredResponse.header(stored, "ETag");
  }

  /**
   * The value of {@code If-Modified-Since} for {@code stored}: its {@code Last-Modified} field
   * as stored, or null when it has none that reads as an HTTP-date.
   */
  public static String ifModifiedSince(Metadata stored) {
    Objects.requireNonNull(stored, "stored");
    String lastModified = StoredResponse.lastModified(stored);
    return lastModified != null && lastModifiedAt(lastModified, stored) != null
        ? lastModified : null;
  }

  /**
   * The instant of {@code lastModified}, a stored {@code Last-Modified} value, a two-digit RFC
   * 850 year read against when {@code stored} was cached; null when it is not an HTTP-date.
   */
  public static Instant lastModifiedAt(String lastModified, Metadata stored) {
    return HttpDateParser.parse(lastModified, stored.cachedAt());
  }

  /** Whether {@code stored} has a validator to send. */
  public static boolean any(Metadata stored) {
    return ifNoneMatch(stored) != null || ifModifiedSince(stored) != null;
  }
}
