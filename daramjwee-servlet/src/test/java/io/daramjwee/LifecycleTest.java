package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** close(): idempotent, drains background work, and every later call fails clearly. */
class LifecycleTest extends EngineTestSupport {

  @Test
  void close_isIdempotent_andEveryLaterCallFailsClearly() throws IOException {
    DaramjweeCache cache = cache(memory());
    TestOrigin origin = TestOrigin.versioned("x");
    cache.close();
    cache.close();

    assertThatThrownBy(() -> cache.get("a", origin)).isInstanceOf(CacheClosedException.class)
        .hasMessage("cache is closed");
    assertThatThrownBy(() -> cache.set("a", Metadata.builder().build()))
        .isInstanceOf(CacheClosedException.class);
    assertThatThrownBy(() -> cache.delete("a")).isInstanceOf(CacheClosedException.class);
    assertThatThrownBy(() -> cache.scheduleRefresh("a", origin))
        .isInstanceOf(CacheClosedException.class);
    assertThat(cache.stats().misses()).isZero();
  }

  @Test
  void close_drainsQueuedBackgroundWrites() throws IOException {
    Store cold = memory();
    DaramjweeCache cache = cache(memory(), cold);
    for (int i = 0; i < 50; i++) {
      put(cache, "k" + i, "v" + i, Metadata.builder().build());
    }

    cache.close();

    for (int i = 0; i < 50; i++) {
      assertThat(stored(cold, "k" + i)).isEqualTo("v" + i);
    }
  }

  @Test
  void staleStreamClosedAfterTheCacheClosed_doesNotThrow() throws IOException {
    DaramjweeCache cache = track(builder(memory()).staleWindow(FRESH).build());
    TestOrigin origin = TestOrigin.versioned("x");
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));
    CacheResponse stale = cache.get("a", origin);

    cache.close();

    assertThat(read(stale)).isEqualTo("x v1");
    assertThat(cache.stats().jobsDropped()).isEqualTo(1);
  }
}
