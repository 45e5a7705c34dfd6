package io.daramjwee.sample;

import io.daramjwee.spring.Daramjwee;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /time}: the current time as text, fresh for 2 s and then served stale for up to 30 s
 * while one refresh runs behind it, so the stale-while-revalidate window is easy to watch.
 */
@RestController
class TimeController {

  private final Clock clock;

  TimeController(ObjectProvider<Clock> clock) {
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  @GetMapping(value = "/time", produces = "text/plain")
  @Daramjwee(freshFor = "2s", staleFor = "30s")
  String time() {
    return Instant.now(clock) + "\n";
  }
}
