package io.daramjwee.store.ehcache;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 GET over a raw socket with a small receive buffer, read as slowly as a test wants:
 * a client that stops reading stops the server's writer once the sockets' buffers are full, which
 * no pooled client lets a test do. Knows just enough HTTP for the filter's answers: a
 * {@code Content-Length} or chunked body, {@code Connection: close}.
 */
final class SlowClient implements AutoCloseable {

  /** What arrived: the {@code Cache-Status} field and the body, up to wherever it broke off. */
  record Answer(String cacheStatus, byte[] body) {}

  private final Socket socket;
  private final InputStream in;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private String cacheStatus = "";
  private long contentLength = -1;
  private boolean chunked;
  private long chunkLeft; // chunked: bytes left in the current chunk; -1 after the last one

  private SlowClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8192);
  }

  /**
   * Sends {@code GET path} to {@code base} (its host names the cache key, as for any client) and
   * reads the header.
   */
  static SlowClient open(URI base, String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096); // before connect, so the window starts small
    socket.setSoTimeout(30_000);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
    SlowClient client = new SlowClient(socket);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
        + base.getPort() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    client.readHeader();
    return client;
  }

  /** Reads {@code n} body bytes, or fewer when the body ends first. */
  void readBody(int n) throws IOException {
    while (n > 0) {
      int read = readBodyBytes(n);
      if (read < 0) {
        return;
      }
      n -= read;
    }
  }

  /** Reads the rest; a body broken off (a reset, an early end) is what arrived so far. */
  Answer readToTheEnd() {
    try {
      while (readBodyBytes(64 * 1024) >= 0) {
        // on to the end
      }
    } catch (IOException broken) {
      // the answer was cut short: return what came
    }
    return new Answer(cacheStatus, body.toByteArray());
  }

  @Override
  public String toString() {
    return "SlowClient{cacheStatus=" + cacheStatus + ", contentLength=" + contentLength
        + ", chunked=" + chunked + ", read=" + body.size() + "}";
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Reads up to {@code max} body bytes; -1 at the body's end. */
  private int readBodyBytes(int max) throws IOException {
    long left;
    if (chunked) {
      if (chunkLeft == 0) {
        if (body.size() > 0) {
          line(); // the CRLF after a chunk's bytes
        }
        chunkLeft = Long.parseLong(line().split(";")[0].trim(), 16);
        if (chunkLeft == 0) {
          chunkLeft = -1;
        }
      }
      left = chunkLeft;
    } else {
      left = contentLength - body.size();
    }
    if (left <= 0) {
      return -1;
    }
    byte[] buffer = new byte[(int) Math.min(max, left)];
    int n = in.read(buffer);
    if (n < 0) {
      return -1;
    }
    body.write(buffer, 0, n);
    if (chunked) {
      chunkLeft -= n;
    }
    return n;
  }

  private void readHeader() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("not a 200: " + status);
    }
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "cache-status" -> cacheStatus = value;
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> { }
      }
    }
    if (!chunked && contentLength < 0) {
      contentLength = Long.MAX_VALUE; // until the connection closes
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed mid-line");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
