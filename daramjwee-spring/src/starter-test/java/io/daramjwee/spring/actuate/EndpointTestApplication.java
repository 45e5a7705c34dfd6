package io.daramjwee.spring.actuate;

import io.daramjwee.spring.Daramjwee;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.store.memory.MemoryStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link EndpointWebTest} runs: one cached controller that counts its calls, a
 * memory hot tier and a cold tier whose store the test can make fail.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(EndpointTestApplication.Greetings.class)
class EndpointTestApplication {

  @Bean
  AtomicInteger greetingCalls() {
    return new AtomicInteger();
  }

  @Bean
  HealthFaultyStore coldStore() {
    return new HealthFaultyStore();
  }

  @Bean
  DaramjweeTiers daramjweeTiers(HealthFaultyStore coldStore) {
    return DaramjweeTiers.of(
        new Tier("hot", "memory", MemoryStore.builder().capacity(1 << 20).build()),
        new Tier("cold", "faulty", coldStore));
  }

  @RestController
  static class Greetings {

    private final AtomicInteger calls;

    Greetings(AtomicInteger greetingCalls) {
      this.calls = greetingCalls;
    }

    @GetMapping("/greetings/{name}")
    @Daramjwee(id = "greetings", freshFor = "1h", tags = "greetings")
    String greet(@PathVariable String name) {
      calls.incrementAndGet();
      return "hello " + name;
    }
  }
}
