package io.daramjwee.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request a controller sees on a miss: without the client's {@code Range} and conditional
 * headers. The cache stores the full response and answers ranges and conditions from it itself;
 * a controller that honoured them would answer 206 or 304, which cannot be stored, so the key
 * would never fill for clients (media players, browsers revalidating) that always send them.
 * Used as the servlet API uses a request.
 */
final class MissRequest extends HttpServletRequestWrapper {

  private static final Set<String> HIDDEN = Set.of("range", "if-range", "if-none-match",
      "if-modified-since", "if-match", "if-unmodified-since");

  MissRequest(HttpServletRequest request) {
    super(request);
  }

  /** {@code request}, wrapped only when it carries a header to hide. */
  static HttpServletRequest of(HttpServletRequest request) {
    for (String name : HIDDEN) {
      if (request.getHeader(name) != null) {
        return new MissRequest(request);
      }
    }
    return request;
  }

  private static boolean hidden(String name) {
    return name != null && HIDDEN.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String getHeader(String name) {
    return hidden(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = Collections.list(super.getHeaderNames());
    names.removeIf(MissRequest::hidden);
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    return hidden(name) ? -1 : super.getDateHeader(name);
  }

  @Override
  public int getIntHeader(String name) {
    return hidden(name) ? -1 : super.getIntHeader(name);
  }
}
