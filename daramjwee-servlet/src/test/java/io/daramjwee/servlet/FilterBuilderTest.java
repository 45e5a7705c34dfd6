package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.store.memory.MemoryStore;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FilterBuilderTest {

  private final DaramjweeCache cache =
      DaramjweeCache.builder().tiers(MemoryStore.builder().capacity(1 << 20).build()).build();

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void build_withoutRoutes_failsSayingSo() {
    assertThatThrownBy(() -> DaramjweeFilter.builder(cache).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("route");
  }

  @Test
  void negativePassFor_failsNamingIt() {
    assertThatThrownBy(() -> DaramjweeFilter.builder(cache).passFor(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passFor");
  }

  @Test
  void zeroRefreshTimeout_failsNamingIt() {
    assertThatThrownBy(() -> DaramjweeFilter.builder(cache).refreshTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshTimeout");
  }

  @Test
  void refreshBaseUrlWithoutHttpScheme_failsNamingIt() {
    for (String bad : new String[] {"ftp://h/", "/relative", "http://h/?q=1"}) {
      assertThatThrownBy(() -> DaramjweeFilter.builder(cache).refreshBaseUrl(URI.create(bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshBaseUrl");
    }
  }

  @Test
  void tagHeaderThatIsNotAHeaderName_failsNamingIt() {
    for (String bad : new String[] {"", "Surrogate Key", "Tags:", "T\u00e4gs"}) {
      assertThatThrownBy(() -> DaramjweeFilter.builder(cache).tagHeader(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tagHeader must be a header name: '" + bad + "'");
    }
  }

  @Test
  void malformedTagTemplate_failsNamingIt() {
    assertThatThrownBy(() -> Route.controller("/articles/{id}",
        io.daramjwee.http.RouteRules.builder("r").tags("article:{id").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'article:{id'");
  }

  @Test
  void malformedRoutePattern_failsNamingIt() {
    assertThatThrownBy(() -> Route.controller("no-slash",
        io.daramjwee.http.RouteRules.builder("r").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-slash");
  }
}
