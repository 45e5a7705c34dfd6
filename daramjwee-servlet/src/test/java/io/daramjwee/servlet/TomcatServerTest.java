package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture itself: scenario tests start a Tomcat per test, so each must serve on its own port
 * and leave neither the port nor a thread behind.
 */
class TomcatServerTest {

  @TempDir
  Path dir;

  @Test
  void close_releasesThePortAndTheConnectorThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ScriptedOrigin origin = new ScriptedOrigin().on("/ping", ScriptedOrigin.text("pong"));
    TomcatServer server = TomcatServer.builder(dir).servlet("/", origin).start();
    int port = server.baseUri().getPort();
    Reply reply = server.client().get("/ping");
    Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().startsWith("http-nio-"))
        .collect(Collectors.toSet());

    server.close();

    assertThat(reply.text()).isEqualTo("pong");
    assertThat(origin.calls("/ping")).isEqualTo(1);
    assertThat(started).as("connector threads while serving").isNotEmpty();
    assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    await("connector threads to end").until(() -> started.stream().noneMatch(Thread::isAlive));
  }

  private static void connect(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
    }
  }
}
