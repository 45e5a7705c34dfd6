package io.daramjwee.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controllers of plain-servlet scenarios: one servlet that runs, for each request path, the
 * handler a test scripted for it, and counts every invocation per path, so a test can assert
 * "the controller ran once" (a hit never reaches it). Unscripted paths answer 404. Thread-safe.
 */
final class ScriptedOrigin extends HttpServlet {

  /** A controller body; {@code call} is this invocation's number for the path, from 1. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response, int call)
        throws Exception;
  }

  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Scripts {@code path} (the request URI, no query). */
  ScriptedOrigin on(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  /** How many times the controller of {@code path} ran. */
  int calls(String path) {
    AtomicInteger n = calls.get(path);
    return n == null ? 0 : n.get();
  }

  /** A handler that answers 200 with {@code body} as UTF-8 text. */
  static Handler text(String body) {
    return (request, response, call) -> write(response, body);
  }

  static void write(HttpServletResponse response, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String path = request.getRequestURI();
    int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Handler handler = handlers.get(path);
    if (handler == null) {
      response.sendError(404, "no handler scripted for " + path);
      return;
    }
    try {
      handler.handle(request, response, call);
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }
}
