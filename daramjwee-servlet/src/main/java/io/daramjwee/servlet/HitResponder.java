package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.Metadata;
import io.daramjwee.http.ByteRange;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
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
 * Writes a {@link CacheResponse} to the client: the stored status and header fields (but a hidden
 * one: the tag header, which an entry stored before it was hidden may still hold), then
 * {@code Content-Length}, {@code Age}, {@code ETag} (computed when the origin sent none) and
 * {@code Cache-Status}; 304 when the engine found the request's condition true; 206 or 416 for a
 * single {@code Range}; no body for HEAD. Streams the body, or, for a 200 or 206 whose body lies
 * in a file the container can send itself, hands that range of the file to the container
 * ({@link TomcatSendfile}); a client that goes away ends the copy quietly, a cache that fails
 * mid-body aborts the response so the client never takes a short body for a whole one. Stateless
 * and thread-safe.
 *
 * <p>An answer whose body fills tier 0 as it is read (a miss, a renewal) publishes when the copy
 * reads its EOF ({@code TeeInputStream}); the client must not see the end of the response before
 * that, or its immediate repeat joins the fill still in flight and reads {@code collapsed}
 * instead of {@code hit}. Without a known length the order holds by framing: the response ends
 * (Tomcat's computed {@code Content-Length} or last chunk) only after the copy returned. With
 * one, the bytes that complete it are written only after the EOF was read ({@link #copyAll}).
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
   * @param hiddenField a stored field not to send, or {@code null} to send them all
   * @return the bytes of body sent; -1, having written nothing, when the entry's metadata is not
   *     a stored response or the entry failed before its first byte (the caller then goes to the
   *     origin)
   * @throws IOException when the cache failed mid-body (the response is then broken off)
   */
  static long serve(CacheResponse answer, Exchange exchange, CacheStatus status,
      String hiddenField, Instant now) throws IOException {
    HttpServletResponse response = exchange.response();
    try (answer) {
      return write(answer, exchange, status, hiddenField, now);
    } catch (IOException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e; // bytes are out: break the response off, never let a short one pass as whole
      }
      // Nothing reached the client yet: the origin answers instead.
      LOG.warn("cache entry failed before its first byte was sent; going to the origin: {}",
          e.toString());
      response.reset();
      return -1;
    }
  }

  private static long write(CacheResponse answer, Exchange exchange, CacheStatus status,
      String hiddenField, Instant now) throws IOException {
    HttpServletResponse response = exchange.response();
    RequestHead request = exchange.head();
    Metadata metadata = answer.metadata();
    EntryView view;
    try {
      view = EntryView.of(metadata);
    } catch (IllegalArgumentException e) {
      LOG.warn("cache entry is not a stored response; going to the origin: {}", e.getMessage());
      return -1;
    }
    boolean notModified = answer.status() == CacheResponse.Status.NOT_MODIFIED;
    writeHead(response, view, notModified, hiddenField);
    writeAge(response, view, status, now);
    if (notModified) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return 0;
    }
    long length = view.length;
    boolean head = request.method().equals("HEAD");
    if (length < 0 || view.head.status() != 200) {
      if (length >= 0) {
        response.setContentLengthLong(length);
      }
      return head ? 0 : copyAll(answer, response, length);
    }
    ByteRange.Decision range = request.headers().contains("Range")
        ? ByteRange.decide(request, length) : null;
    if (range instanceof ByteRange.Partial partial) {
      ByteRange r = partial.range();
      response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
      response.setHeader("Content-Range", r.contentRange());
      response.setContentLengthLong(r.length());
      if (!head) {
        if (TomcatSendfile.offer(exchange, answer, r.first(), r.length(), length)) {
          return r.length();
        }
        return copyRange(answer.range(r.first(), r.length()), response, r.length());
      }
    } else if (range instanceof ByteRange.Unsatisfiable unsatisfiable) {
      response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
      response.setHeader("Content-Range", unsatisfiable.contentRange());
      response.setContentLengthLong(0);
    } else {
      response.setContentLengthLong(length);
      if (!head) {
        return TomcatSendfile.offer(exchange, answer, 0, length, length)
            ? length : copyAll(answer, response, length);
      }
    }
    return 0;
  }

  private static void writeHead(HttpServletResponse response, EntryView view,
      boolean notModified, String hiddenField) {
    response.setStatus(view.head.status());
    for (Headers.Field field : view.head.headers().fields()) {
      if (notModified && !NOT_MODIFIED_FIELDS.contains(field.name().toLowerCase(Locale.ROOT))
          || field.name().equalsIgnoreCase(hiddenField)) {
        continue;
      }
      response.addHeader(field.name(), field.value());
    }
    if (view.addedEtag != null) {
      response.addHeader("ETag", view.addedEtag);
    }
  }

  /** {@code Age}, and {@code status} (when given) with the entry's remaining {@code ttl}. */
  private static void writeAge(HttpServletResponse response, EntryView view, CacheStatus status,
      Instant now) {
    Metadata metadata = view.metadata;
    long age = Math.min(CacheStatus.MAX_AGE, view.initialAge
        + Math.max(0, Duration.between(metadata.cachedAt(), now).getSeconds()));
    response.addHeader("Age", Long.toString(age));
    if (status != null) {
      Duration freshFor = metadata.freshFor();
      CacheStatus withTtl = freshFor == null ? status
          : status.withTtl(freshFor.minus(Duration.between(metadata.cachedAt(), now)));
      response.addHeader("Cache-Status", withTtl.headerValue());
    }
  }

  /**
   * Copies the whole body, to EOF, so a stream that fills a tier can publish. A client that goes
   * away ends the copy quietly; a failing read propagates. Returns the bytes sent.
   *
   * @param length the {@code Content-Length} the client was told, or -1
   */
  private static long copyAll(CacheResponse answer, HttpServletResponse response, long length)
      throws IOException {
    ClientStream out = new ClientStream(response.getOutputStream());
    InputStream body = answer.body();
    try {
      if (length > 0 && fillsAsRead(answer)) {
        copyPublishingFirst(body, out, length);
      } else {
        body.transferTo(out); // memory: blocks go out as is
      }
    } catch (ClientGone gone) {
      LOG.debug("client went away during a hit", gone.getCause());
    }
    return out.sent;
  }

  /** Whether reading {@code answer}'s body to its EOF publishes it into tier 0. */
  private static boolean fillsAsRead(CacheResponse answer) {
    return answer.source() == CacheResponse.Source.ORIGIN
        || answer.source() == CacheResponse.Source.REVALIDATED;
  }

  /**
   * Copies a body of {@code length} bytes, reading its EOF (which publishes the fill) before
   * writing the bytes that complete the length: once they are out, the client may ask again at
   * once. A body longer than its length is copied on as before (the container keeps to the
   * declared length); a shorter one ends at its EOF.
   */
  private static void copyPublishingFirst(InputStream body, OutputStream out, long length)
      throws IOException {
    byte[] buffer = new byte[(int) Math.min(BUFFER, length)];
    long copied = 0;
    for (int n; (n = body.read(buffer)) != -1; ) {
      if (copied + n >= length) {
        int next = body.read(); // EOF: the tee publishes before this returns
        out.write(buffer, 0, n);
        if (next >= 0) {
          out.write(next);
          body.transferTo(out);
        }
        return;
      }
      out.write(buffer, 0, n);
      copied += n;
    }
  }

  /**
   * Copies {@code count} bytes of a range, opened by {@link CacheResponse#range} (which reads only
   * that part from the store where it can, and leaves a promotion to the background).
   */
  private static long copyRange(InputStream body, HttpServletResponse response, long count)
      throws IOException {
    ClientStream out = new ClientStream(response.getOutputStream());
    byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER, count))];
    try {
      for (long left = count; left > 0; ) {
        int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    } catch (ClientGone gone) {
      LOG.debug("client went away during a hit", gone.getCause());
    }
    return out.sent;
  }

  /** The client's stream, telling its failures apart from the cache's. */
  private static final class ClientStream extends OutputStream {
    private final OutputStream out;
    long sent;

    ClientStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
        sent++;
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
        sent += len;
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }
  }

  private static final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super(cause);
    }
  }
}
