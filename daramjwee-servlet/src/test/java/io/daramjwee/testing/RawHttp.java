package io.daramjwee.testing;

import io.daramjwee.testing.TestClient.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 GET over a plain socket, for what the JDK client will not send: a {@code Host} of
 * the test's choosing, and a connection from a chosen local address (a non-loopback source
 * talking to a server on loopback). One request per connection ({@code Connection: close}); the
 * answer is read to the end, chunked bodies decoded, into the same {@link Reply} the
 * {@link TestClient} gives. Every read has a 10 s timeout. Stateless; thread-safe.
 */
public final class RawHttp {

  private static final int TIMEOUT_MS = 10_000;

  private RawHttp() {}

  /** GET {@code pathAndQuery} from the server at {@code base}, sending {@code Host: host}. */
  public static Reply get(URI base, String host, String pathAndQuery, String... headerPairs) {
    return get(base, null, host, pathAndQuery, headerPairs);
  }

  /**
   * GET as above over a connection from {@code from} (any local address when {@code null}).
   */
  public static Reply get(URI base, InetAddress from, String host, String pathAndQuery,
      String... headerPairs) {
    if (headerPairs.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name-value pairs: " + headerPairs.length);
    }
    StringBuilder head = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n");
    for (int i = 0; i < headerPairs.length; i += 2) {
      head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      if (from != null) {
        socket.bind(new InetSocketAddress(from, 0));
      }
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reply parse(byte[] raw) throws IOException {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("no complete response head in " + raw.length + " bytes");
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
    Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      fields.computeIfAbsent(lines[i].substring(0, colon).trim(), n -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
    List<String> coding = fields.getOrDefault("Transfer-Encoding", List.of());
    if (coding.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).contains("chunked"))) {
      body = dechunk(body);
    }
    return new Reply(status, HttpHeaders.of(fields, (n, v) -> true), body);
  }

  private static byte[] dechunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(chunked.length);
    InputStream in = new ByteArrayInputStream(chunked);
    while (true) {
      StringBuilder sizeLine = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("chunked body cut short");
        }
        sizeLine.append((char) b);
      }
      String size = sizeLine.toString().trim();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      byte[] data = in.readNBytes(n);
      if (data.length < n) {
        throw new IOException("chunk cut short");
      }
      out.write(data);
      in.readNBytes(2); // CRLF after the chunk
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
