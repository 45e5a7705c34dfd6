package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Evaluates a request's {@code If-None-Match} and {@code If-Modified-Since} against a stored
 * response's validators, answering whether a hit may be served as 304 (Not Modified).
 *
 * <p>RFC 9110 §13.2.2 order: {@code If-None-Match} decides when present (§13.1.2, weak
 * comparison §8.8.3.2, lists, {@code *}); only when it is absent does {@code If-Modified-Since}
 * (§13.1.3) apply, and an invalid date there is ignored. A stored response is compared by its
 * {@code Last-Modified}, or, when it has none, by its {@code Date}, or, when it has neither, by
 * the time it was stored (RFC 9111 §4.3.2: "a cache SHOULD use the stored response's Date field
 * value (or, if no Date field is present, the time that the stored response was received)"). A
 * stored validator that is not an HTTP-date never matches. Dates are read in any of the three
 * forms and in any case ({@link HttpDateParser}). Both headers apply to GET and HEAD only, and a
 * malformed {@code If-None-Match} never matches, so doubt always serves the full response.
 * Stateless and thread-safe.
 */
public final class Conditionals {

  private static final Predicate<Metadata> NEVER = m -> false;

  /** Without a clock, two-digit RFC 850 years are read as 1951 to 2050. */
  private static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");

  private Conditionals() {}

  /**
   * True when {@code request} is a conditional GET or HEAD whose condition is false for a stored
   * response with these validators, so the answer is 304.
   *
   * @param storedETag the stored entity-tag, or {@code null}
   * @param storedLastModified the stored {@code Last-Modified} value, or {@code null}
   */
  public static boolean notModified(RequestHead request, String storedETag,
      String storedLastModified) {
    return evaluate(request, storedETag, storedLastModified, Y2K);
  }

  /**
   * {@link #notModified(RequestHead, String, String)} reading two-digit RFC 850 years against
   * {@code now} (RFC 9110 §5.6.7) instead of against the year 2000.
   */
  public static boolean notModified(RequestHead request, String storedETag,
      String storedLastModified, Instant now) {
    return evaluate(request, storedETag, storedLastModified, now);
  }

  /**
   * The condition for {@code CacheRequest.notModifiedWhen}: {@link #notModified} over the
   * validators {@link StoredResponse} framed into the entry, and only for a stored 200, since a
   * 304 stands for a 200 (RFC 9110 §15.4.5). Never true when the request has no conditional
   * header, so an unconditional request pays nothing. Two-digit RFC 850 years are read against
   * the entry's {@link Metadata#cachedAt()}.
   */
  public static Predicate<Metadata> notModifiedWhen(RequestHead request) {
    if (!isGetOrHead(request) || (!request.headers().contains("If-None-Match")
        && !request.headers().contains("If-Modified-Since"))) {
      return NEVER;
    }
    return m -> !m.negative() && "200".equals(m.attribute(StoredResponse.STATUS))
        && evaluate(request, StoredResponse.etag(m), () -> modified(m), m.cachedAt());
  }

  /**
   * When the stored response last changed, as far as this cache can tell: its
   * {@code Last-Modified}, else its {@code Date}, else when it was stored; {@code null} when the
   * field it has is not an HTTP-date.
   */
  private static Instant modified(Metadata m) {
    String lastModified = StoredResponse.lastModified(m);
    if (lastModified != null) {
      return HttpDateParser.parse(lastModified, m.cachedAt());
    }
    String date = StoredResponse.header(m, "Date");
    if (date != null) {
      return HttpDateParser.parse(date, m.cachedAt());
    }
    // An HTTP-date has whole seconds: a response stored at 10:00:00.5 was not modified since
    // 10:00:00 as far as a client that saw it can tell.
    return Instant.EPOCH.equals(m.cachedAt()) ? null
        : m.cachedAt().truncatedTo(ChronoUnit.SECONDS);
  }

  private static boolean evaluate(RequestHead request, String etag, String lastModified,
      Instant now) {
    return evaluate(request, etag,
        () -> lastModified == null ? null : HttpDateParser.parse(lastModified, now), now);
  }

  private static boolean evaluate(RequestHead request, String etag,
      Supplier<Instant> modifiedAt, Instant now) {
    if (!isGetOrHead(request)) {
      return false;
    }
    List<String> ifNoneMatch = request.headers().all("If-None-Match");
    if (!ifNoneMatch.isEmpty()) {
      return noneMatchIsFalse(ifNoneMatch, etag);
    }
    String ifModifiedSince = request.headers().first("If-Modified-Since");
    if (ifModifiedSince == null) {
      return false;
    }
    Instant since = HttpDateParser.parse(ifModifiedSince, now);
    if (since == null) {
      return false;
    }
    Instant modified = modifiedAt.get();
    return modified != null && !modified.isAfter(since);
  }

  /** §13.1.2: the condition is false (304) when any listed tag weakly matches, or for "*". */
  private static boolean noneMatchIsFalse(List<String> fields, String etag) {
    String joined = String.join(",", fields).trim();
    if (joined.equals("*")) {
      return true; // a stored representation exists
    }
    if (etag == null) {
      return false;
    }
    String stored = opaque(etag.trim());
    if (stored == null) {
      return false;
    }
    List<String> tags = entityTags(joined);
    if (tags == null) {
      return false;
    }
    for (String tag : tags) {
      if (opaque(tag).equals(stored)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The entity-tags of a {@code #entity-tag} list (RFC 9110 §8.8.3), or {@code null} when it is
   * malformed. Commas may sit inside a tag's quotes, so the list is scanned, not split.
   */
  static List<String> entityTags(String list) {
    List<String> tags = new ArrayList<>();
    int i = 0;
    int n = list.length();
    while (true) {
      while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == '\t' || list.charAt(i) == ',')) {
        i++;
      }
      if (i == n) {
        return tags.isEmpty() ? null : tags;
      }
      int start = i;
      if (list.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || list.charAt(i) != '"') {
        return null;
      }
      int close = list.indexOf('"', i + 1);
      if (close < 0) {
        return null;
      }
      tags.add(list.substring(start, close + 1));
      i = close + 1;
      while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && list.charAt(i) != ',') {
        return null;
      }
    }
  }

  /** The quoted opaque-tag of an entity-tag without its weakness (§8.8.3.2), or {@code null}. */
  private static String opaque(String tag) {
    String t = tag.startsWith("W/") ? tag.substring(2) : tag;
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        && t.indexOf('"', 1) == t.length() - 1 ? t : null;
  }

  private static boolean isGetOrHead(RequestHead request) {
    return request.method().equals("GET") || request.method().equals("HEAD");
  }
}
