package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.write;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A controller of an unchanging document with validators, checking them as Spring MVC does for a
 * {@code ResponseEntity} with an {@code eTag} or {@code lastModified}: 304 when the request's
 * {@code If-None-Match} holds its tag or, without one, its {@code If-Modified-Since} is its
 * {@code Last-Modified} (RFC 9110 §13.2.2); else the whole body. Every answer carries
 * {@code X-Rendered: call N}, so a test sees which answer's fields an entry holds. Counts the
 * bodies it sent and keeps the validators it was sent, as {@code "<If-None-Match> |
 * <If-Modified-Since>"}. Thread-safe.
 */
final class ValidatingHandler implements ScriptedOrigin.Handler {

  final String etag;
  final String lastModified;
  final AtomicInteger bodies = new AtomicInteger();
  final List<String> validators = new CopyOnWriteArrayList<>();

  /** Either may be null: the document then has no such validator. */
  ValidatingHandler(String etag, String lastModified) {
    this.etag = etag;
    this.lastModified = lastModified;
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, int call)
      throws Exception {
    String ifNoneMatch = request.getHeader("If-None-Match");
    String ifModifiedSince = request.getHeader("If-Modified-Since");
    validators.add(ifNoneMatch + " | " + ifModifiedSince);
    if (etag != null) {
      response.setHeader("ETag", etag);
    }
    if (lastModified != null) {
      response.setHeader("Last-Modified", lastModified);
    }
    response.setHeader("X-Rendered", "call " + call);
    boolean notModified = ifNoneMatch != null ? ifNoneMatch.equals(etag)
        : ifModifiedSince != null && ifModifiedSince.equals(lastModified);
    if (notModified) {
      response.setStatus(304);
      return;
    }
    bodies.incrementAndGet();
    write(response, "the document");
  }
}
