package io.daramjwee.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The stream a controller writes its miss into: every byte goes to the client and to the
 * {@link MissFill}. The first byte (or flush, or close) takes the storage decision while the head
 * can still change. A client that goes away fails the controller's write as it would without the
 * cache, and the fill is dropped. Used by one writing thread at a time, like any servlet stream.
 *
 * <p>Bytes go to the client first and then to the fill, but for the write that reaches the
 * response's declared {@code Content-Length}: its bytes go to the fill first, the fill finishes
 * (publishing when every check of {@link MissFill#finish} passes) and only then do they go to the
 * client. That write completes the response (RFC 9110 §8.6: the length frames the message; the
 * Servlet specification §5.7 closes the response then, and Tomcat freezes its head and refuses a
 * reset), so nothing the controller does afterwards can change what the client gets; and a client
 * that read the last byte and at once asks again finds the entry published, a hit, instead of
 * joining a fill still in flight ({@code collapsed}). A body that stops short of its declared
 * length, or writes past it, is never published; without a declared length the fill finishes when
 * the response ends, as before. A declared length of zero publishes as the head goes out (a
 * flush or close).
 */
final class TeeOutputStream extends ServletOutputStream {

  private final ServletOutputStream client;
  private final MissFill fill;
  private final TeeResponse response; // knows the declared length
  private final byte[] one = new byte[1];
  private long written; // bytes the controller wrote to the client, the last write included

  TeeOutputStream(ServletOutputStream client, MissFill fill, TeeResponse response) {
    this.client = client;
    this.fill = fill;
    this.response = response;
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    fill.decide();
    if (fill.swallowing()) {
      return;
    }
    long declared = response.declaredLength();
    boolean last = declared > 0 && written < declared && written + len >= declared;
    written += len;
    if (last) {
      // Published before the last bytes leave (see the class). Past the length, finish aborts.
      fill.accept(b, off, len);
      fill.finish(true);
    }
    try {
      client.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      fill.drop("the client went away"); // after a publish, the stored body is whole: kept
      throw e;
    }
    if (!last) {
      fill.accept(b, off, len);
    }
  }

  @Override
  public void flush() throws IOException {
    fill.decide();
    if (fill.swallowing()) {
      return;
    }
    response.finishIfDeclaredEmpty();
    try {
      client.flush();
    } catch (IOException | RuntimeException e) {
      fill.drop("the client went away");
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    fill.decide();
    if (!fill.swallowing()) {
      response.finishIfDeclaredEmpty();
      try {
        client.close();
      } catch (IOException | RuntimeException e) {
        fill.drop("the client went away");
        throw e;
      }
    }
  }

  @Override
  public boolean isReady() {
    return client.isReady();
  }

  @Override
  public void setWriteListener(WriteListener listener) {
    client.setWriteListener(listener);
  }
}
