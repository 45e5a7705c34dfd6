package io.daramjwee.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The response a controller sees on a miss: its output stream and writer tee into the cache (see
 * {@link TeeOutputStream}); {@code sendError}, {@code sendRedirect}, {@code reset} and a status
 * changed after the body began mean the response is not stored; a 5xx may be answered by a stale
 * entry instead (see {@link MissFill#standIn}). Headers and status go straight to the real
 * response, which the fill reads back when it decides. The declared {@code Content-Length}, set
 * by {@code setContentLength} or as a header field, is told to the fill (a body short of it is not
 * stored) and to the stream, which publishes the fill as the last declared byte goes out (see
 * {@link TeeOutputStream}). Kept as a request attribute so an async dispatch writes through it
 * too. Used as the servlet API uses a response.
 */
final class TeeResponse extends HttpServletResponseWrapper {

  static final String ATTRIBUTE = TeeResponse.class.getName();

  private final MissFill fill;
  private TeeOutputStream stream;
  private PrintWriter writer;
  private volatile long declaredLength = -1; // set on the request thread, read by an async one

  TeeResponse(HttpServletResponse response, MissFill fill) {
    super(response);
    this.fill = fill;
  }

  MissFill fill() {
    return fill;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (writer != null) {
      throw new IllegalStateException("getWriter() has already been called for this response");
    }
    return tee();
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      if (stream != null) {
        throw new IllegalStateException(
            "getOutputStream() has already been called for this response");
      }
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
      writer = new PrintWriter(new TeeWriter(tee(), charset), false);
    }
    return writer;
  }

  private TeeOutputStream tee() throws IOException {
    if (stream == null) {
      stream = new TeeOutputStream(super.getOutputStream(), fill, this);
    }
    return stream;
  }

  @Override
  public void flushBuffer() throws IOException {
    if (writer != null) {
      writer.flush();
    }
    fill.decide();
    if (!fill.swallowing()) {
      finishIfDeclaredEmpty();
      try {
        super.flushBuffer();
      } catch (IOException | RuntimeException e) {
        fill.drop("the client went away");
        throw e;
      }
    }
  }

  @Override
  public void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    if (fill.swallowing()) {
      return;
    }
    declare(len);
    super.setContentLengthLong(len);
  }

  @Override
  public void setStatus(int sc) {
    if (fill.swallowing()) {
      return; // a stale entry answered; the failed controller no longer shapes the response
    }
    fill.statusChanged(sc);
    super.setStatus(sc);
  }

  @Override
  public void setHeader(String name, String value) {
    if (!fill.swallowing()) {
      declaredByHeader(name, value);
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!fill.swallowing()) {
      declaredByHeader(name, value);
      super.addHeader(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (!fill.swallowing()) {
      declaredByHeader(name, Integer.toString(value));
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (!fill.swallowing()) {
      declaredByHeader(name, Integer.toString(value));
      super.addIntHeader(name, value);
    }
  }

  /**
   * A {@code Content-Length} set as a header field declares the length as
   * {@link #setContentLengthLong} does (the container frames the body by it either way); a value
   * that is not a number of bytes declares nothing.
   */
  private void declaredByHeader(String name, String value) {
    if (name != null && name.length() == 14 && name.equalsIgnoreCase("Content-Length")
        && value != null && !value.isEmpty() && value.length() <= 18 && isDigits(value)) {
      declare(Long.parseLong(value));
    }
  }

  private static boolean isDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The {@code Content-Length} declared so far, or -1. */
  long declaredLength() {
    return declaredLength;
  }

  /**
   * A declared length of zero is a whole response as soon as its head goes out: publish first,
   * as {@link TeeOutputStream} does when a body reaches its declared length.
   */
  void finishIfDeclaredEmpty() {
    if (declaredLength == 0) {
      fill.finish(true);
    }
  }

  private void declare(long length) {
    declaredLength = length;
    fill.declaredLength(length);
  }

  @Override
  public void sendError(int sc) throws IOException {
    sendError(sc, null);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    if (fill.swallowing() || !fill.decided() && sc >= 500 && fill.standIn(sc)) {
      return;
    }
    fill.sentError(sc);
    if (msg == null) {
      super.sendError(sc);
    } else {
      super.sendError(sc, msg);
    }
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    fill.drop("sendRedirect");
    fill.finish(false);
    super.sendRedirect(location);
  }

  @Override
  public void reset() {
    if (fill.swallowing()) {
      return;
    }
    if (fill.decided()) {
      fill.drop("reset() after the body began");
    }
    super.reset();
    declare(-1); // the reset cleared the length with the other header fields
    fill.relabel(-1); // and the Cache-Status the decision set
  }

  @Override
  public void resetBuffer() {
    if (fill.swallowing()) {
      return;
    }
    if (fill.decided()) {
      fill.drop("resetBuffer() after the body began");
      fill.relabel(getStatus());
    }
    super.resetBuffer();
  }

  /**
   * Ends the response: publishes or aborts. Nothing is held back here to flush first: the writer
   * encodes straight into the stream (see {@link TeeWriter}).
   */
  void finish(boolean complete) {
    fill.finish(complete);
  }

}
