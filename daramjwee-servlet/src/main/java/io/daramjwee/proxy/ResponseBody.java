package io.daramjwee.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * A response body read straight from its pooled connection, which is returned to the pool at EOF
 * and discarded when the body is closed before EOF.
 *
 * <p>Why not just close: in HttpClient 5 classic, closing the entity's stream
 * ({@code ResponseEntityProxy.streamClosed}) and closing the response ({@code
 * CloseableHttpResponse.close}, which closes the entity first) both read the rest of the body so
 * the connection can be reused. For a large or endless body that takes as long as the upstream
 * cares to send. {@link EofSensorInputStream#abort()} instead tells the connection's watcher to
 * shut the connection and release it as not reusable, without reading further.
 *
 * <p>Read failures become {@link UpstreamException}s naming the upstream. Reads are not
 * thread-safe; {@link #close} is idempotent and may come from another thread, which then fails a
 * blocked read.
 */
final class ResponseBody extends InputStream {

  private final ClassicHttpResponse response;
  private final InputStream content; // null when the response has no body
  private final Function<IOException, UpstreamException> failure;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean eof;

  private ResponseBody(ClassicHttpResponse response, InputStream content,
      Function<IOException, UpstreamException> failure) {
    this.response = response;
    this.content = content;
    this.failure = failure;
  }

  /**
   * The body of {@code response}, whose read failures {@code failure} describes.
   *
   * @throws IOException when the entity cannot be opened; {@code response} is then closed
   */
  static ResponseBody of(ClassicHttpResponse response,
      Function<IOException, UpstreamException> failure) throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return new ResponseBody(response, null, failure);
    }
    try {
      return new ResponseBody(response, entity.getContent(), failure);
    } catch (IOException | RuntimeException e) {
      abandon(response, null);
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed.get()) {
      throw new IOException("the upstream response body is closed");
    }
    if (content == null) {
      eof = true;
      return -1;
    }
    int n;
    try {
      n = content.read(b, off, len);
    } catch (IOException e) {
      if (closed.get()) {
        throw e; // our own close, from another thread
      }
      throw failure.apply(e);
    }
    if (n < 0) {
      eof = true;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return content == null || closed.get() ? 0 : content.available();
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (eof || content == null) {
      // The connection went back to the pool at EOF, or when a response without a body arrived;
      // closing now only tidies up.
      response.close();
    } else {
      abandon(response, content);
    }
  }

  /** Discards the connection of {@code response} without reading the rest of its body. */
  private static void abandon(ClassicHttpResponse response, InputStream content)
      throws IOException {
    if (content instanceof EofSensorInputStream sensor) {
      // Not followed by response.close(): that would try to drain the closed socket.
      sensor.abort();
    } else {
      // No watcher means no managed connection is held (a body that was not streaming).
      response.close();
    }
  }
}
