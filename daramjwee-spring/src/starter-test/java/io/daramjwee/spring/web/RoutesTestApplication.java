package io.daramjwee.spring.web;

import io.daramjwee.http.CacheResult;
import io.daramjwee.servlet.CacheListener;
import io.daramjwee.spring.Daramjwee;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link RoutesTomcatTest} runs on embedded Tomcat: controllers with and without
 * {@link Daramjwee @Daramjwee} that count their calls, and a filter behind daramjwee's that
 * records the request attributes the chain passes on, and two cache listeners (the first always
 * throws). The cache itself is the auto-configured one. No component scan, so it picks up nothing
 * else of this package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RoutesTestApplication.Articles.class, RoutesTestApplication.Catalog.class})
class RoutesTestApplication {

  /** Calls per controller method and argument, such as {@code article:7}. */
  static final class Calls {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void count(String call) {
      counts.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
    }

    int of(String call) {
      AtomicInteger count = counts.get(call);
      return count == null ? 0 : count.get();
    }
  }

  /** The request attribute names the rest of the chain saw, per request URI. */
  static final class SeenAttributes {
    final Map<String, List<String>> byUri = new ConcurrentHashMap<>();
  }

  /** What the filter reported, as {@code routeId:RESULT}, in order. */
  static final class HeardResults implements CacheListener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(String routeId, CacheResult result, int tier) {
      heard.add(routeId + ":" + result);
    }
  }

  @Bean
  @Order(1)
  CacheListener failingListener() {
    return (routeId, result, tier) -> {
      throw new IllegalStateException("a listener that fails must not silence the others");
    };
  }

  @Bean
  @Order(2)
  HeardResults heardResults() {
    return new HeardResults();
  }

  @Bean
  Calls calls() {
    return new Calls();
  }

  @Bean
  SeenAttributes seenAttributes() {
    return new SeenAttributes();
  }

  /** Runs after daramjwee's filter (order 0) and before the DispatcherServlet. */
  @Bean
  FilterRegistrationBean<Filter> attributeRecorder(SeenAttributes seen) {
    Filter recorder = (request, response, chain) -> {
      seen.byUri.put(((HttpServletRequest) request).getRequestURI(),
          Collections.list(request.getAttributeNames()));
      chain.doFilter(request, response);
    };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(recorder);
    registration.setOrder(10);
    return registration;
  }

  @RestController
  static class Articles {
    private final Calls calls;

    Articles(Calls calls) {
      this.calls = calls;
    }

    @GetMapping("/articles/{id}")
    @Daramjwee(tags = "articles")
    String article(@PathVariable String id) {
      calls.count("article:" + id);
      return "article " + id;
    }

    /** More specific than {@code /articles/{id}}, and not cached. */
    @GetMapping("/articles/latest")
    String latest() {
      calls.count("latest");
      return "latest";
    }

    /** The same path, more specific by its params condition, and not cached. */
    @GetMapping(path = "/articles/{id}", params = "raw")
    String raw(@PathVariable String id) {
      calls.count("raw:" + id);
      return "raw " + id;
    }

    @PostMapping("/articles/{id}")
    String update(@PathVariable String id) {
      calls.count("update:" + id);
      return "updated " + id;
    }

    @GetMapping(path = "/search", params = "q")
    @Daramjwee(queryInclude = "q")
    String search(@RequestParam String q, @RequestParam(required = false) String page) {
      calls.count("search:" + q);
      return "search " + q + " page " + page;
    }

    @GetMapping("/search")
    String searchForm() {
      calls.count("searchForm");
      return "search form";
    }

    @GetMapping(path = "/report", produces = "application/json")
    @Daramjwee
    String reportJson() {
      calls.count("reportJson");
      return "{\"report\":true}";
    }

    @GetMapping(path = "/report", produces = "text/plain")
    String reportText() {
      calls.count("reportText");
      return "report";
    }

    @GetMapping("/greeting")
    @Daramjwee(vary = "Accept-Language")
    String greeting(@RequestHeader("Accept-Language") String language) {
      calls.count("greeting:" + language);
      return "hello in " + language;
    }

    @GetMapping("/feed")
    @Daramjwee(queryExclude = "utm")
    String feed(@RequestParam String page, @RequestParam(required = false) String utm) {
      calls.count("feed:" + page);
      return "feed " + page + " from " + utm;
    }
  }

  @RestController
  @RequestMapping("/catalog")
  @Daramjwee(freshFor = "1m", tags = "catalog")
  static class Catalog {
    private final Calls calls;

    Catalog(Calls calls) {
      this.calls = calls;
    }

    @GetMapping("/items/{id}")
    String item(@PathVariable String id) {
      calls.count("item:" + id);
      return "item " + id;
    }

    @GetMapping("/prices/{id}")
    @Daramjwee(id = "prices", freshFor = "10s")
    String price(@PathVariable String id) {
      calls.count("price:" + id);
      return "price " + id;
    }
  }
}
