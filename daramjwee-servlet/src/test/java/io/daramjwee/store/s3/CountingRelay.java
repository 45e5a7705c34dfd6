package io.daramjwee.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only: a TCP relay between an S3 client and a server, on a port of its own, that counts the
 * bytes the server sent: every byte it reads from a server connection, response headers included,
 * before passing it on to the client. Point a store at {@link #endpoint()} to count what S3 sent
 * it on the wire, which the SDK's own view (Content-Length) cannot show for a response aborted
 * halfway.
 *
 * <p>The relay reads from the server as fast as the client takes the bytes, so the count holds
 * what reached the client's side and what sits in the relay's buffers; bytes a server wrote into
 * a connection that the client then dropped, and that never reached the relay, are not counted.
 * The count is exact for responses read to their end, and a lower bound otherwise.
 *
 * <p>Thread-safe: a thread accepts, and two threads per connection copy, one each way.
 */
final class CountingRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final AtomicLong fromServer = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private CountingRelay(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "counting-relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a relay to the server at {@code target} (scheme, host and port). */
  static CountingRelay start(URI target) throws IOException {
    return new CountingRelay(target);
  }

  /** The relay's own address, to use as the store's endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** The bytes read from the server since the start or the last {@link #reset()}. */
  long bytesFromServer() {
    return fromServer.get();
  }

  /** Connections the client opened through the relay since the start. */
  long connections() {
    return connections.get();
  }

  void reset() {
    fromServer.set(0);
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    try {
      acceptor.join(5_000);
      for (Thread thread : threads) {
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      Socket server;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        server = new Socket(target.getAddress(), target.getPort());
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      connections.incrementAndGet();
      sockets.add(client);
      sockets.add(server);
      pump(client, server, null, "counting-relay-up");
      pump(server, client, fromServer, "counting-relay-down");
    }
  }

  /** Copies {@code from} to {@code to} until either ends, then closes both. */
  private void pump(Socket from, Socket to, AtomicLong counter, String name) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (counter != null) {
            counter.addAndGet(n);
          }
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // one side went away: the connection is over
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
