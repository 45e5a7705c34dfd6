package io.daramjwee.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The stream a controller writes its miss into: every byte goes to the client first and then to
 * the {@link MissFill}. The first byte (or flush, or close) takes the storage decision while the
 * head can still change. A client that goes away fails the controller's write as it would without
 * the cache, and the fill is dropped. Used by one writing thread at a time, like any servlet
 * stream.
 */
final class TeeOutputStream extends ServletOutputStream {

  private final ServletOutputStream client;
  private final MissFill fill;
  private final byte[] one = new byte[1];

  TeeOutputStream(ServletOutputStream client, MissFill fill) {
    this.client = client;
    this.fill = fill;
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
    try {
      client.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      fill.drop("the client went away");
      throw e;
    }
    fill.accept(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    fill.decide();
    if (fill.swallowing()) {
      return;
    }
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
