package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.Metadata;
import io.daramjwee.http.ByteRange;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.ResponseEntries;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.StoredResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link CacheResponse} to the client: the stored status and header fields, then
 * {@code Content-Length}, {@code Age}, {@code ETag} (computed when the origin sent none) and
 * {@code Cache-Status}; 304 when the engine found the request's condition true; 206 or 416 for a
 * single {@code Range}; no body for HEAD. Streams the body; a client that goes away ends the copy
 * quietly, a cache that fails mid-body aborts the response so the client never takes a short body
 * for a whole one. Stateless and thread-safe.
 */
final class HitResponder {

  private static final Logger LOG = LoggerFactory.getLogger(HitResponder.class);
  private static final int BUFFER = 16 * 1024;

  /** What a 304 carries of the stored fields (RFC 9110 §15.4.5). */
  private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control",
      "content-location", "date", "etag", "expires", "vary", "last-modified");

  private HitResponder() {}

  /**
   * Serves {@code answer} and closes it.
   *
   * @param status the {@code Cache-Status} to send, or {@code null} for none
   * @return false, having written nothing, when the entry's metadata is not a stored response
   *     (the caller then goes to the origin)
   * @throws IOException when the cache failed mid-body (the response is then broken off)
   */
  static boolean serve(CacheResponse answer, RequestHead request, HttpServletResponse response,
      CacheStatus status, Instant now) throws IOException {
    try (answer) {
      return write(answer, request, response, status, now);
    } catch (IOException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e; // bytes are out: break the response off, never let a short one pass as whole
      }
      // Nothing reached the client yet: the origin answers instead.
      LOG.warn("cache entry failed before its first byte was sent; going to the origin: {}",
          e.toString());
      response.reset();
      return false;
    }
  }

  private static boolean write(CacheResponse answer, RequestHead request,
      HttpServletResponse response, CacheStatus status, Instant now) throws IOException {
    Metadata metadata = answer.metadata();
    ResponseHead stored;
    try {
      stored = StoredResponse.decode(metadata);
    } catch (IllegalArgumentException e) {
      LOG.warn("cache entry is not a stored response; going to the origin: {}", e.getMessage());
      return false;
    }
    boolean notModified = answer.status() == CacheResponse.Status.NOT_MODIFIED;
    writeHead(response, stored, metadata, notModified, status, now);
    if (notModified) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return true;
    }
    long length = ResponseEntries.length(metadata);
    boolean head = request.method().equals("HEAD");
    if (length < 0 || stored.status() != 200) {
      if (length >= 0) {
        response.setContentLengthLong(length);
      }
      if (!head) {
        copy(answer.body(), response, Long.MAX_VALUE);
      }
      return true;
    }
    response.setHeader("Accept-Ranges", "bytes");
    ByteRange.Decision range = ByteRange.decide(request, length);
    if (range instanceof ByteRange.Partial partial) {
      ByteRange r = partial.range();
      response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
      response.setHeader("Content-Range", r.contentRange());
      response.setContentLengthLong(r.length());
      if (!head) {
        answer.body().skipNBytes(r.first());
        copy(answer.body(), response, r.length());
      }
    } else if (range instanceof ByteRange.Unsatisfiable unsatisfiable) {
      response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
      response.setHeader("Content-Range", unsatisfiable.contentRange());
      response.setContentLengthLong(0);
    } else {
      response.setContentLengthLong(length);
      if (!head) {
        copy(answer.body(), response, length);
      }
    }
    return true;
  }

  private static void writeHead(HttpServletResponse response, ResponseHead stored,
      Metadata metadata, boolean notModified, CacheStatus status, Instant now) {
    response.setStatus(stored.status());
    boolean hasEtag = false;
    for (Headers.Field field : stored.headers().fields()) {
      String name = field.name();
      if (notModified && !NOT_MODIFIED_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      hasEtag |= name.equalsIgnoreCase("ETag");
      response.addHeader(name, field.value());
    }
    String etag = hasEtag ? null : StoredResponse.etag(metadata);
    if (etag != null) {
      // Weak: it is ours, computed from the bytes we store, and a strong tag would stop Tomcat
      // compressing the hit. Conditionals compare weakly, so either form revalidates.
      response.setHeader("ETag", etag.startsWith("W/") ? etag : "W/" + etag);
    }
    response.setHeader("Age", Long.toString(CacheStatus.age(metadata, now)));
    if (status != null) {
      Duration freshFor = metadata.freshFor();
      CacheStatus withTtl = freshFor == null ? status
          : status.withTtl(freshFor.minus(Duration.between(metadata.cachedAt(), now)));
      response.setHeader("Cache-Status", withTtl.headerValue());
    }
  }

  /** Copies at most {@code limit} bytes; reads to EOF when unlimited, so fills can publish. */
  private static void copy(InputStream body, HttpServletResponse response, long limit)
      throws IOException {
    OutputStream out = response.getOutputStream();
    // Sized to the body when it is small: most hits are, and this is their one allocation.
    byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER, limit))];
    long left = limit;
    while (left > 0) {
      int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        break;
      }
      try {
        out.write(buffer, 0, n);
      } catch (IOException clientGone) {
        LOG.debug("client went away during a hit", clientGone);
        return;
      }
      left -= n;
    }
    if (limit != Long.MAX_VALUE && left == 0) {
      // A known length was copied: read the EOF too, so a stream that fills a tier can publish
      // (after a range it is not the EOF, and the promotion is simply not made).
      body.read();
    }
  }
}
