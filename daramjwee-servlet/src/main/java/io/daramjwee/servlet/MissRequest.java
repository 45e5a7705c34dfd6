package io.daramjwee.servlet;

import io.daramjwee.Metadata;
import io.daramjwee.http.Validators;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request a controller sees on a miss: without the client's {@code Range} and conditional
 * headers. The cache stores the full response and answers ranges and conditions from it itself;
 * a controller that honoured them would answer 206 or 304, which cannot be stored, so the key
 * would never fill for clients (media players, browsers revalidating) that always send them.
 *
 * <p>When the miss replaces an expired entry that has validators, the controller sees the
 * cache's own conditional instead (RFC 9111 §4.3.1): {@code If-None-Match} with the stored
 * {@code ETag} and {@code If-Modified-Since} with the stored {@code Last-Modified}
 * ({@link Validators}), so a controller that finds the entry current answers 304 and
 * {@link MissFill} renews it instead of storing the same body again. The client's own
 * conditionals stay hidden even then: a 304 to them would say nothing about the stored entry,
 * and the cache answers them itself from the renewed entry (a 304 when they match it). Used as
 * the servlet API uses a request.
 */
final class MissRequest extends HttpServletRequestWrapper {

  private static final Set<String> HIDDEN = Set.of("range", "if-range", "if-none-match",
      "if-modified-since", "if-match", "if-unmodified-since");

  /** The cache's conditional, by lower-cased name; empty when it sends none. */
  private final Map<String, String> validators;
  private final long ifModifiedSince; // -1 when not sent

  private MissRequest(HttpServletRequest request, Map<String, String> validators,
      long ifModifiedSince) {
    super(request);
    this.validators = validators;
    this.ifModifiedSince = ifModifiedSince;
  }

  /**
   * {@code request} with the client's conditionals and ranges hidden and, when
   * {@code revalidating} (the expired entry the miss replaces) has validators, the cache's own
   * conditional for it; unwrapped when there is nothing to hide or add. {@code revalidating}
   * must be one the origin may renew (not one a hard purge covers, {@link CacheGate#revalidatable}).
   */
  static HttpServletRequest of(HttpServletRequest request, Metadata revalidating) {
    if (revalidating != null && Validators.any(revalidating)) {
      Map<String, String> validators = new LinkedHashMap<>();
      String etag = Validators.ifNoneMatch(revalidating);
      if (etag != null) {
        validators.put("if-none-match", etag);
      }
      String lastModified = Validators.ifModifiedSince(revalidating);
      long since = -1;
      if (lastModified != null) {
        validators.put("if-modified-since", lastModified);
        Instant at = Validators.lastModifiedAt(lastModified, revalidating);
        since = at.toEpochMilli();
      }
      return new MissRequest(request, validators, since);
    }
    for (String name : HIDDEN) {
      if (request.getHeader(name) != null) {
        return new MissRequest(request, Map.of(), -1);
      }
    }
    return request;
  }

  /** Whether the controller sees the cache's own conditional for the entry it replaces. */
  static boolean revalidates(HttpServletRequest request) {
    return request instanceof MissRequest miss && !miss.validators.isEmpty();
  }

  private static String lower(String name) {
    return name == null ? null : name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String getHeader(String name) {
    String lower = lower(name);
    if (lower == null || !HIDDEN.contains(lower)) {
      return super.getHeader(name);
    }
    return validators.get(lower);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    String lower = lower(name);
    if (lower == null || !HIDDEN.contains(lower)) {
      return super.getHeaders(name);
    }
    String ours = validators.get(lower);
    return ours == null ? Collections.emptyEnumeration()
        : Collections.enumeration(List.of(ours));
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = Collections.list(super.getHeaderNames());
    names.removeIf(name -> HIDDEN.contains(lower(name)));
    if (validators.containsKey("if-none-match")) {
      names.add("If-None-Match");
    }
    if (validators.containsKey("if-modified-since")) {
      names.add("If-Modified-Since");
    }
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    String lower = lower(name);
    if (lower == null || !HIDDEN.contains(lower)) {
      return super.getDateHeader(name);
    }
    return lower.equals("if-modified-since") ? ifModifiedSince : -1;
  }

  @Override
  public int getIntHeader(String name) {
    String lower = lower(name);
    return lower != null && HIDDEN.contains(lower) ? -1 : super.getIntHeader(name);
  }
}
