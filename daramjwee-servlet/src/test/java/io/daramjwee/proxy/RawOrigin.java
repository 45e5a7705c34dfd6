package io.daramjwee.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server that answers one connection with fixed bytes, so a test controls every byte on the
 * wire: header fields a web server would manage itself ({@code Connection}), or a body that
 * stalls or stops half-way. Thread-safe; close it.
 */
final class RawOrigin implements AutoCloseable {

  private final ServerSocket server;
  private final CompletableFuture<Void> served;
  private volatile Socket accepted;

  /**
   * Answers with {@code response} and then holds the connection open until the client closes it.
   */
  static RawOrigin holdingOpen(String response) throws IOException {
    return new RawOrigin(response, false);
  }

  /** Answers with {@code response} and closes the connection at once. */
  static RawOrigin closingAfter(String response) throws IOException {
    return new RawOrigin(response, true);
  }

  /** Starts serving {@code response}, written as ISO-8859-1 after the request head arrived. */
  private RawOrigin(String response, boolean thenClose) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    served = CompletableFuture.runAsync(() -> {
      try (Socket s = server.accept()) {
        accepted = s;
        InputStream in = s.getInputStream();
        skipRequestHead(in);
        OutputStream out = s.getOutputStream();
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (!thenClose) {
          in.transferTo(OutputStream.nullOutputStream()); // until the client closes
        }
      } catch (IOException e) {
        if (!server.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    });
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private static void skipRequestHead(InputStream in) throws IOException {
    String end = "\r\n\r\n";
    int matched = 0;
    while (matched < end.length()) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed inside the request head");
      }
      matched = b == end.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    Socket s = accepted;
    if (s != null) {
      s.close();
    }
    served.get(10, TimeUnit.SECONDS);
  }
}
