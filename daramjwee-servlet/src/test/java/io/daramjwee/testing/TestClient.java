package io.daramjwee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;

/**
 * A real HTTP/1.1 client (the JDK's {@link HttpClient}) bound to one server, with the few calls
 * scenario tests make: GET, HEAD and POST with headers given as name-value pairs, answered as a
 * {@link Reply} holding the whole body, and {@link #crc} for bodies too large to hold. Every
 * request has a timeout (10 s unless a scenario asks for less), so a server that hangs fails the
 * test instead of stalling the build. Thread-safe: concurrency tests share one instance.
 */
public final class TestClient {

  /** One client for the whole test JVM: its selector thread and pool outlive servers cheaply. */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(daemonPool())
      .build();

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;

  public TestClient(URI base) {
    this.base = base;
  }

  /** A request builder for {@code pathAndQuery} with the default timeout, to customise. */
  public HttpRequest.Builder request(String pathAndQuery, String... headerPairs) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(DEFAULT_TIMEOUT);
    if (headerPairs.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name-value pairs: " + headerPairs.length);
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      b.header(headerPairs[i], headerPairs[i + 1]);
    }
    return b;
  }

  public Reply get(String pathAndQuery, String... headerPairs) {
    return send(request(pathAndQuery, headerPairs).GET());
  }

  public Reply head(String pathAndQuery, String... headerPairs) {
    return send(request(pathAndQuery, headerPairs).method("HEAD", BodyPublishers.noBody()));
  }

  public Reply post(String pathAndQuery, String body, String... headerPairs) {
    return send(request(pathAndQuery, headerPairs)
        .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  /** Sends {@code request} and reads the whole body. */
  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = HTTP.send(request.build(), BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends a GET and hands back the body unread, for tests that read part of it and hang up. */
  public HttpResponse<InputStream> open(String pathAndQuery, String... headerPairs) {
    try {
      return HTTP.send(request(pathAndQuery, headerPairs).GET().build(),
          BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends a GET and streams the body into a CRC32C, holding at most one buffer of it. */
  public Streamed crc(String pathAndQuery, Duration timeout, String... headerPairs) {
    try {
      HttpResponse<InputStream> r = HTTP.send(
          request(pathAndQuery, headerPairs).timeout(timeout).GET().build(),
          BodyHandlers.ofInputStream());
      CRC32C crc = new CRC32C();
      long length = 0;
      try (InputStream in = r.body()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
          crc.update(buffer, 0, n);
          length += n;
        }
      }
      return new Streamed(r.statusCode(), r.headers(), length, crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static ExecutorService daemonPool() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-client");
      t.setDaemon(true);
      return t;
    });
  }

  /** A response with its whole body. */
  public record Reply(int status, HttpHeaders headers, byte[] body) {

    /** The first value of {@code name}, or {@code null}. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The {@code Cache-Status} field, or {@code null}. */
    public String cacheStatus() {
      return header("Cache-Status");
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      String shown = body.length > 200 ? text().substring(0, 200) + "..." : text();
      return status + " " + headers.map() + " " + shown;
    }
  }

  /** A response whose body was streamed through a checksum, not kept. */
  public record Streamed(int status, HttpHeaders headers, long length, long crc32c) {

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }
}
