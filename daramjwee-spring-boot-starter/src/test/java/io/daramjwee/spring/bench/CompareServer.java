package io.daramjwee.spring.bench;

import io.daramjwee.spring.Daramjwee;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring Boot application of the side-by-side load benchmark ({@code bench/http-compare.sh}),
 * run from the starter's test classpath. Every path answers the same preloaded bytes for a body
 * size of 1 KiB, 16 KiB or 1 MiB ({@code new Random(42)}, so every JVM holds the same bytes):
 *
 * <ul>
 *   <li>{@code GET /ceiling/{size}}: a plain controller returning the {@code byte[]};
 *   <li>{@code GET /cached/{size}}: the same under {@link Daramjwee @Daramjwee} (fresh for an hour),
 *       so after the first request a hot-tier hit;
 *   <li>{@code GET /cacheable/{size}}: the same bytes from a {@link Cacheable @Cacheable} service
 *       method (Caffeine, as Boot configures it when Caffeine is present); {@code GET
 *       /cacheable-calls} says how often that method really ran, so a caller can check the
 *       measured requests were hits;
 *   <li>{@code GET /nostore/{size}}: {@code @Daramjwee} on a controller answering {@code
 *       Cache-Control: no-store}, so every request is a miss whose response is passed through and
 *       not stored;
 *   <li>{@code GET /nofilter/{size}}: the same response with no route: the miss path's baseline;
 *   <li>{@code GET /raw/{size}}: answered by {@link RawCeiling}, a servlet filter ahead of every
 *       other, with no Spring MVC dispatch: the raw-Tomcat ceiling.
 * </ul>
 *
 * <p>The script runs several of these JVMs with different {@code daramjwee.*} arguments: one with
 * {@code --daramjwee.enabled=false} (no filter at all: the ceiling, {@code @Cacheable}, the
 * baseline, and nginx's backend), one per hot tier type ({@code --daramjwee.hot.type=ehcache} or
 * {@code memory}), and one with a file hot tier and a proxy route for the large-object check.
 * Spring's HTTP server observation is left out (it would be the same for every variant); the
 * rest is Boot's defaults.
 *
 * <pre>
 * java -Xmx1g -cp &lt;starter test classpath&gt; io.daramjwee.spring.bench.CompareServer \
 *     --server.port=18481 --daramjwee.hot.type=memory --daramjwee.cold.type=none
 * </pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
    // Boot 4's name; Boot 3's below (a name not on the class path is ignored).
    "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.web.servlet"
        + ".WebMvcObservationAutoConfiguration"})
@EnableCaching
@Import({CompareServer.Bodies.class, CompareServer.Endpoints.class,
    RawCeiling.Registration.class})
public class CompareServer {

  static final int[] SIZES = {1024, 16 * 1024, 1024 * 1024};

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(CompareServer.class);
    app.setDefaultProperties(Map.of(
        "logging.level.root", "WARN",
        "spring.main.banner-mode", "off",
        // Ehcache is on the classpath with its JCache provider, which Boot would pick first.
        "spring.cache.type", "caffeine",
        "spring.cache.cache-names", "bodies",
        "spring.cache.caffeine.spec", "maximumSize=16"));
    app.run(args);
  }

  /** The preloaded bodies, and the {@code @Cacheable} method a Spring user would write. */
  @Service
  public static class Bodies {
    private final Map<Integer, byte[]> bodies = new ConcurrentHashMap<>();
    private final AtomicLong cacheableCalls = new AtomicLong();

    public Bodies() {
      for (int size : SIZES) {
        byte[] body = new byte[size];
        new Random(42).nextBytes(body);
        bodies.put(size, body);
      }
    }

    byte[] preloaded(int size) {
      return bodies.get(size);
    }

    /** Runs only on a Caffeine miss: hands out a copy, as a real loader would build a new body. */
    @Cacheable("bodies")
    public byte[] load(int size) {
      cacheableCalls.incrementAndGet();
      byte[] body = bodies.get(size);
      return body == null ? null : body.clone();
    }

    long cacheableCalls() {
      return cacheableCalls.get();
    }
  }

  /** The measured paths. */
  @RestController
  public static class Endpoints {
    private final Bodies bodies;

    public Endpoints(Bodies bodies) {
      this.bodies = bodies;
    }

    @GetMapping("/ceiling/{size}")
    public ResponseEntity<byte[]> ceiling(@PathVariable int size) {
      return answer(bodies.preloaded(size), null);
    }

    @GetMapping("/cached/{size}")
    @Daramjwee(freshFor = "1h")
    public ResponseEntity<byte[]> cached(@PathVariable int size) {
      return answer(bodies.preloaded(size), null);
    }

    @GetMapping("/cacheable/{size}")
    public ResponseEntity<byte[]> cacheable(@PathVariable int size) {
      return answer(bodies.load(size), null);
    }

    @GetMapping("/cacheable-calls")
    public String cacheableCalls() {
      return Long.toString(bodies.cacheableCalls());
    }

    @GetMapping("/nostore/{size}")
    @Daramjwee
    public ResponseEntity<byte[]> noStore(@PathVariable int size) {
      return answer(bodies.preloaded(size), CacheControl.noStore());
    }

    @GetMapping("/nofilter/{size}")
    public ResponseEntity<byte[]> noFilter(@PathVariable int size) {
      return answer(bodies.preloaded(size), CacheControl.noStore());
    }

    private static ResponseEntity<byte[]> answer(byte[] body, CacheControl cacheControl) {
      if (body == null) {
        return ResponseEntity.notFound().build();
      }
      ResponseEntity.BodyBuilder builder =
          ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM);
      if (cacheControl != null) {
        builder.cacheControl(cacheControl);
      }
      return builder.body(body);
    }
  }
}
