package io.daramjwee.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The response of the filter's own refresh request ({@link LoopbackFetcher}) on a controller route
 * with tag templates: before it commits, it carries the route's templates filled for the request
 * in {@link #HEADER}, so the worker that refreshes the entry, which has only the path, tags it as
 * a miss would, with the URI variables Spring MVC recorded for the handler too (see
 * {@link RouteTags}). The worker takes the field out of what it stores. The controller's own tag
 * header passes through untouched: this response goes to the worker, never to a client.
 *
 * <p>Stamped when the body is first asked for, on {@code flushBuffer}, or, for a response with no
 * body, when the chain returns; an async response is stamped only when its body begins. Used as
 * the servlet API uses a response.
 */
final class RefreshTagStamp extends HttpServletResponseWrapper {

  /** The field that carries the route's filled templates, separated by single spaces. */
  static final String HEADER = "X-Daramjwee-Refresh-Tags";

  private final Route route;
  private final HttpServletRequest request;
  private volatile boolean stamped;

  private RefreshTagStamp(HttpServletResponse response, Route route, HttpServletRequest request) {
    super(response);
    this.route = route;
    this.request = request;
  }

  /**
   * Runs the chain for a refresh request uncached; on {@code route}, when it is a controller route
   * with tag templates, with its response stamped.
   */
  static void run(Route route, HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws IOException, ServletException {
    if (route == null || route.upstream() != null || route.tagTemplates.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    RefreshTagStamp stamp = new RefreshTagStamp(response, route, request);
    chain.doFilter(request, stamp);
    if (!request.isAsyncStarted()) {
      stamp.stamp();
    }
  }

  private void stamp() {
    if (stamped) {
      return;
    }
    stamped = true;
    if (!isCommitted()) {
      List<String> tags = RouteTags.fill(route, Requests.path(request), request);
      if (!tags.isEmpty()) {
        super.setHeader(HEADER, String.join(" ", tags));
      }
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    stamp();
    return super.getOutputStream();
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    stamp();
    return super.getWriter();
  }

  @Override
  public void flushBuffer() throws IOException {
    stamp();
    super.flushBuffer();
  }
}
