package io.daramjwee.servlet;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Spring MVC controllers whose bodies are written after the request thread returned: the async
 * return types whose responses the filter may publish only when the async cycle completes.
 * Each endpoint counts its invocations in the shared {@link #CALLS}, keyed by path (the
 * application context is built by the {@code DispatcherServlet}, so the test reaches it through
 * static state; tests reset it).
 */
final class AsyncControllers {

  /** Invocations per endpoint path. */
  static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  /** Holds the first call of {@code /mvc/stalled} until the test opens it. */
  static volatile CountDownLatch stalledGate = new CountDownLatch(1);

  /** The async timeout: short, so a stalled response times out within a test. */
  static final long ASYNC_TIMEOUT_MS = 1_000;

  static final int STREAM_CHUNKS = 64;

  /** What {@code /mvc/stalled} writes before it stalls: more than a response buffer holds. */
  static final String STALLED_FIRST_PART = "partial ".repeat(4 * 1024);

  private AsyncControllers() {}

  static int calls(String path) {
    AtomicInteger n = CALLS.get(path);
    return n == null ? 0 : n.get();
  }

  static void reset() {
    CALLS.clear();
    stalledGate = new CountDownLatch(1);
  }

  /** The body {@code /mvc/stream} writes: numbered lines, one chunk flushed each. */
  static String streamLine(int i) {
    return "line " + i + " of a body written after the request thread returned\n";
  }

  private static void awaitUninterruptibly(CountDownLatch gate) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          gate.await(10, TimeUnit.SECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int count(String path) {
    return CALLS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
  }

  /** The MVC configuration: the controller and an explicit async executor and timeout. */
  @Configuration
  @EnableWebMvc
  static class Config implements WebMvcConfigurer {

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
      configurer.setTaskExecutor(new SimpleAsyncTaskExecutor("mvc-async-"));
      configurer.setDefaultTimeout(ASYNC_TIMEOUT_MS);
    }

    @Bean
    Endpoints endpoints() {
      return new Endpoints();
    }
  }

  /** One endpoint per async return type, plus two that never complete normally. */
  @RestController
  static class Endpoints {

    @GetMapping("/mvc/stream")
    ResponseEntity<StreamingResponseBody> stream() {
      count("/mvc/stream");
      StreamingResponseBody body = out -> {
        for (int i = 0; i < STREAM_CHUNKS; i++) {
          out.write(streamLine(i).getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      };
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
    }

    @GetMapping("/mvc/deferred")
    DeferredResult<String> deferred() {
      int call = count("/mvc/deferred");
      DeferredResult<String> result = new DeferredResult<>();
      // Set from another thread once the handler has returned, as a message listener would.
      CompletableFuture.runAsync(() -> result.setResult("deferred body " + call));
      return result;
    }

    @GetMapping("/mvc/callable")
    Callable<String> callable() {
      int call = count("/mvc/callable");
      return () -> "callable body " + call;
    }

    @GetMapping("/mvc/never")
    DeferredResult<String> never() {
      count("/mvc/never");
      return new DeferredResult<>(300L); // never set: times out
    }

    @GetMapping("/mvc/stalled")
    ResponseEntity<StreamingResponseBody> stalled() {
      int call = count("/mvc/stalled");
      StreamingResponseBody body = out -> {
        // More than the container's response buffer: Tomcat commits the 200 and sends it. A
        // flush() would not do (Spring 7 hands a StreamingResponseBody a stream whose flush
        // does nothing, so a short first part stays in the buffer until the task returns).
        out.write(STALLED_FIRST_PART.getBytes(StandardCharsets.UTF_8));
        if (call == 1) {
          // Outlives the async timeout with a committed 200 and half a body.
          // Spring interrupts the task when the request times out: the first call ends there,
          // its body cut short, without an exception for the filter to see.
          try {
            stalledGate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return;
        }
        out.write("and the rest".getBytes(StandardCharsets.UTF_8));
      };
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
    }

    @GetMapping("/mvc/stalled-uncommitted")
    ResponseEntity<StreamingResponseBody> stalledUncommitted() {
      int call = count("/mvc/stalled-uncommitted");
      StreamingResponseBody body = out -> {
        out.write("draft ".getBytes(StandardCharsets.UTF_8)); // stays in the response buffer
        if (call == 1) {
          // Stalls past the async timeout with nothing committed, deaf to Spring's interrupt,
          // so the timeout's 503 is the answer; the test opens the gate after reading it.
          awaitUninterruptibly(stalledGate);
          return;
        }
        out.write("and the rest".getBytes(StandardCharsets.UTF_8));
      };
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
    }
  }
}
