package io.daramjwee.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the responses of a Spring MVC handler method, or of every handler method of a controller
 * class. The route covers exactly the requests the dispatcher sends to the handler (its patterns,
 * methods and {@code params}/{@code headers}/{@code produces} conditions); only GET and HEAD are
 * served from the cache.
 *
 * <pre>{@code
 * @GetMapping("/articles/{id}")
 * @Daramjwee(freshFor = "5m", staleFor = "1m", tags = {"articles", "article:{id}"})
 * Article article(@PathVariable long id) { ... }
 * }</pre>
 *
 * <p>Durations are written as in {@code application.yml} ({@code 30s}, {@code 5m},
 * {@code PT1H}) and sizes as {@code 512KB} or {@code 10MB}; every string may hold
 * {@code ${...}} placeholders. An empty attribute takes the class's annotation, then the
 * {@code daramjwee.*} property of the same name. A value that does not parse fails startup naming
 * the handler and the attribute.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Daramjwee {

  /** The route id, naming it in cache keys, metrics and purges; empty uses {@code Controller.method}. */
  String id() default "";

  /** How long a response is fresh when it does not say; empty uses {@code daramjwee.fresh-for}. */
  String freshFor() default "";

  /** The stale-while-revalidate window after freshness; empty uses {@code daramjwee.stale-for}. */
  String staleFor() default "";

  /**
   * How long after freshness an entry may stand in for a failing handler (an exception or a 5xx);
   * empty uses {@code daramjwee.stale-if-error}.
   */
  String staleIfError() default "";

  /** How long a 404 or 410 is fresh; empty uses {@code daramjwee.negative-fresh-for}. */
  String negativeFreshFor() default "";

  /** Request header names whose values join the cache key, such as {@code Accept-Language}. */
  String[] vary() default {};

  /** Only these query parameters join the cache key; empty keeps them all. */
  String[] queryInclude() default {};

  /** These query parameters stay out of the cache key. */
  String[] queryExclude() default {};

  /** The largest body stored, such as {@code 50MB}; empty uses {@code daramjwee.max-object-size}. */
  String maxObjectSize() default "";

  /** Whether requests with {@code Authorization} may use the cache, keyed per credential. */
  boolean allowAuthorization() default false;

  /**
   * Tag templates every entry of this route is stored with, naming it in purges
   * ({@code DELETE /actuator/daramjwee?tag=...}): literal text with {@code {name}} variables filled
   * from the handler's URI variables, such as {@code article:{id}}; a template whose variable has
   * no value for a request is skipped for it. The response's own tags ({@code Surrogate-Key}) are
   * stored beside them.
   */
  String[] tags() default {};
}
