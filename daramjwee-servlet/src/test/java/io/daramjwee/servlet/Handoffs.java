package io.daramjwee.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

// The observer SendfileScenariosTest puts after the filter under test: what each request left
// for Tomcat's sendfile, and a hook to act between that handoff and Tomcat opening the file.

/**
 * The observer filter: notes each request's {@link Handoff} after the filter under test
 * returned, runs a test's {@link Action} right after a handoff, and, when asked, wraps the
 * response as a filter that wants to see the body would. Thread-safe.
 */
final class Handoffs implements Filter {
  final List<Handoff> seen = new CopyOnWriteArrayList<>();
  volatile Action afterHandoff;
  volatile boolean wrapResponses;

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, wrapResponses
          ? new HttpServletResponseWrapper((HttpServletResponse) response) : response);
    } finally {
      // Noted even when the filter broke the response off, so a test sees it sent no file.
      Object file = request.getAttribute(TomcatSendfile.FILENAME);
      seen.add(new Handoff(file == null ? null : Path.of((String) file),
          (Long) request.getAttribute(TomcatSendfile.START),
          (Long) request.getAttribute(TomcatSendfile.END)));
    }
    Handoff handoff = last();
    Action action = afterHandoff;
    if (handoff.sent() && action != null) {
      action.run();
    }
  }

  Handoff get(int index) {
    return seen.get(index);
  }

  Handoff last() {
    return seen.get(seen.size() - 1);
  }

  /** What our filter left on one request for Tomcat's sendfile: nothing, or a file range. */
  record Handoff(Path file, Long start, Long end) {

    boolean sent() {
      return file != null;
    }

    /** The bytes of the range, read from the file now. */
    byte[] bytes() throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(end - start));
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, start + buffer.position()) < 0) {
            throw new IOException("file ends before the range does");
          }
        }
        return buffer.array();
      }
    }
  }

  /** An action run on the server thread after the handoff, before Tomcat opens the file. */
  @FunctionalInterface
  interface Action {
    void run() throws IOException;
  }
}
