package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.http.CacheResult;
import io.daramjwee.servlet.CacheListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CompositeCacheListener}: every listener hears, in order, whatever one of them throws. */
class CompositeCacheListenerTest {

  private final List<String> heard = new ArrayList<>();

  @Test
  void none_isTheSilentListener_andOne_isItself() {
    CacheListener one = (routeId, result, tier) -> {};

    assertThat(CompositeCacheListener.of(List.of())).isSameAs(CacheListener.NONE);
    assertThat(CompositeCacheListener.of(List.of(one))).isSameAs(one);
  }

  @Test
  void several_hearEveryEventInOrder_pastOneThatThrows() {
    CacheListener composite = CompositeCacheListener.of(List.of(
        recorder("first"), failing(), recorder("third")));

    composite.onRequest("articles", CacheResult.HIT, 0);
    composite.onBodySent("articles", 0, 42);

    assertThat(heard).containsExactly("first:articles:HIT", "third:articles:HIT",
        "first:articles:42", "third:articles:42");
  }

  private CacheListener recorder(String name) {
    return new CacheListener() {
      @Override
      public void onRequest(String routeId, CacheResult result, int tier) {
        heard.add(name + ":" + routeId + ":" + result);
      }

      @Override
      public void onBodySent(String routeId, int tier, long bytes) {
        heard.add(name + ":" + routeId + ":" + bytes);
      }
    };
  }

  private static CacheListener failing() {
    return new CacheListener() {
      @Override
      public void onRequest(String routeId, CacheResult result, int tier) {
        throw new IllegalStateException("listener failure");
      }

      @Override
      public void onBodySent(String routeId, int tier, long bytes) {
        throw new IllegalStateException("listener failure");
      }
    };
  }
}
