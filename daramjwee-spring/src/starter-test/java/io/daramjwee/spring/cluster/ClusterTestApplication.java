package io.daramjwee.spring.cluster;

import io.daramjwee.spring.Daramjwee;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * One instance of the clustered application: controllers whose every run is counted per path,
 * across all instances in the JVM, and the application's clock skewed by {@code test.skew}, so
 * instances disagree on the time as real machines do.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ClusterTestApplication.Articles.class)
public class ClusterTestApplication {

  /** Controller runs per path, over every instance. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  static int runs(String path) {
    AtomicInteger n = RUNS.get(path);
    return n == null ? 0 : n.get();
  }

  private static int run(String path) {
    return RUNS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
  }

  @Bean
  Clock skewedClock(@Value("${test.skew:0s}") Duration skew) {
    return Clock.offset(Clock.systemUTC(), skew);
  }

  @RestController
  static class Articles {

    @GetMapping("/articles/{id}")
    @Daramjwee(id = "articles", freshFor = "10m", staleFor = "1m", tags = "article:{id}")
    String article(@PathVariable String id) {
      return "article " + id + " v" + run("/articles/" + id);
    }

    /** Names its tags in the response, as a CMS does: {@code Surrogate-Key: page-<name> pages}. */
    @GetMapping("/pages/{name}")
    @Daramjwee(id = "pages", freshFor = "10m", staleFor = "1m")
    ResponseEntity<String> page(@PathVariable String name) {
      return ResponseEntity.ok().header("Surrogate-Key", "page-" + name + " pages")
          .body("page " + name + " v" + run("/pages/" + name));
    }
  }
}
