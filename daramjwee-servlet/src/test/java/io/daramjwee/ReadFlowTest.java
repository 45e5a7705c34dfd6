package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CacheResponse.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The basic read flow over one tier: misses, hits, negatives, conditions, deletes. */
class ReadFlowTest extends EngineTestSupport {

  @Test
  void coldMissThenHotHit_callsTheOriginOnce() throws IOException {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = cache(memory());

    CacheResponse miss = cache.get("a", origin);
    assertThat(miss.tier()).isEqualTo(CacheResponse.ORIGIN);
    assertThat(read(miss)).isEqualTo("article v1");

    CacheResponse hit = cache.get("a", origin);
    assertThat(hit.tier()).isZero();
    assertThat(hit.metadata().cacheTag()).isEqualTo("v1");
    assertThat(read(hit)).isEqualTo("article v1");
    assertThat(origin.calls()).isEqualTo(1);
    assertThat(cache.stats().tierHits()).containsExactly(1L, 0L);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void conditionalGetWithMatchingTag_answersNotModifiedWithoutTheOrigin() throws IOException {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = cache(memory());
    get(cache, "a", origin);

    try (CacheResponse r = cache.get("a", CacheRequest.ifNoneMatch("v1"), origin)) {
      assertThat(r.status()).isEqualTo(Status.NOT_MODIFIED);
      assertThat(r.body().read()).isEqualTo(-1);
    }
    try (CacheResponse r = cache.get("a", CacheRequest.ifNoneMatch("v0"), origin)) {
      assertThat(r.status()).isEqualTo(Status.OK);
    }
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void negativeEntry_isServedInsideItsWindowAndRefetchedAfter() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> n == 1
        ? FetchResult.notFound() : TestOrigin.body("now it exists", "v2"));
    DaramjweeCache cache = cache(memory());

    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(r.tier()).isEqualTo(CacheResponse.ORIGIN);
    }
    clock.advance(NEGATIVE_FRESH.minusSeconds(1));
    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(r.tier()).isZero();
    }
    assertThat(origin.calls()).isEqualTo(1);

    clock.advance(NEGATIVE_FRESH);
    assertThat(get(cache, "a", origin)).isEqualTo("now it exists");
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void negativeEntryWithBody_keepsTheBody() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> FetchResult.body(
        TestOrigin.stream("no such page"), Metadata.builder().negative(true).build()));
    DaramjweeCache cache = cache(memory());
    read(cache.get("a", origin));

    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(new String(r.body().readAllBytes())).isEqualTo("no such page");
    }
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void delete_invalidatesTheEntry() throws IOException {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = cache(memory());
    get(cache, "a", origin);

    cache.delete("a");
    cache.delete("a"); // idempotent

    assertThat(get(cache, "a", origin)).isEqualTo("article v2");
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void originFailure_isNotCached() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> {
      if (n == 1) {
        throw new IOException("origin down");
      }
      return TestOrigin.body("recovered", "v2");
    });
    DaramjweeCache cache = cache(memory());

    assertThatThrownBy(() -> cache.get("a", origin)).isInstanceOf(IOException.class)
        .hasMessage("origin down");
    assertThat(get(cache, "a", origin)).isEqualTo("recovered");
    assertThat(cache.stats().originErrors()).isEqualTo(1);
  }

  @Test
  void originFailingPartWay_publishesNothing() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> FetchResult.body(
        n == 1 ? failingAfter("partial", new IOException("reset")) : TestOrigin.stream("whole"),
        Metadata.ofTag("v" + n)));
    DaramjweeCache cache = cache(memory());

    try (CacheResponse r = cache.get("a", origin)) {
      assertThatThrownBy(() -> r.body().readAllBytes()).hasMessage("reset");
    }
    assertThat(get(cache, "a", origin)).isEqualTo("whole");
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void partialRead_publishesNothing_andTheNextFullReadDoes() throws IOException {
    TestOrigin origin = TestOrigin.versioned("a long enough body");
    DaramjweeCache cache = cache(memory());

    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.body().readNBytes(4)).hasSize(4);
    }
    assertThat(cache.stats().fillsAborted()).isEqualTo(1);
    assertThat(get(cache, "a", origin)).isEqualTo("a long enough body v2");
    assertThat(get(cache, "a", origin)).isEqualTo("a long enough body v2");
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void noStoreResult_isServedButNotStored() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) ->
        FetchResult.noStore(TestOrigin.stream("private " + n), Metadata.builder().build()));
    DaramjweeCache cache = cache(memory());

    assertThat(get(cache, "a", origin)).isEqualTo("private 1");
    assertThat(get(cache, "a", origin)).isEqualTo("private 2");
  }

  @Test
  void set_isServedWithoutTheOrigin_andStampsCachedAt() throws IOException {
    TestOrigin origin = TestOrigin.versioned("origin");
    DaramjweeCache cache = cache(memory());
    put(cache, "a", "direct", Metadata.ofTag("d1"));

    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(new String(r.body().readAllBytes())).isEqualTo("direct");
      assertThat(r.metadata().cachedAt()).isEqualTo(clock.instant());
    }
    assertThat(origin.calls()).isZero();
  }

  @Test
  void keysWithSlashesSpacesAndUnicode_areDistinctAndWork() throws IOException {
    DaramjweeCache cache = cache(memory());
    List<String> keys = List.of("a/b/c", "a b", "다람쥐/🐿️", "../../etc/passwd", "a%2Fb", "A");
    for (String key : keys) {
      put(cache, key, "value of " + key, Metadata.builder().build());
    }
    TestOrigin origin = TestOrigin.versioned("unused");
    for (String key : keys) {
      assertThat(get(cache, key, origin)).isEqualTo("value of " + key);
    }
    assertThat(origin.calls()).isZero();
  }

  @Test
  void emptyOrNullKey_isRejected() {
    DaramjweeCache cache = cache(memory());
    TestOrigin origin = TestOrigin.versioned("x");
    assertThatThrownBy(() -> cache.get("", origin)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> cache.get(null, origin)).isInstanceOf(NullPointerException.class);
  }

  static InputStream failingAfter(String prefix, IOException error) {
    byte[] bytes = prefix.getBytes();
    return new InputStream() {
      int pos;

      @Override
      public int read() throws IOException {
        if (pos < bytes.length) {
          return bytes[pos++];
        }
        throw error;
      }
    };
  }
}
