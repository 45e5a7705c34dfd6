package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link StoragePolicy#refusal}, the refusal told before a head is copied, never disagrees with
 * {@link StoragePolicy#decide} on the whole head: every random response it answers for gets the
 * same decision, and it answers for the plain {@code no-store} response it exists for.
 */
class StoragePolicyRefusalTest {

  private static final RouteRules DEFAULTS = RouteRules.builder("r").maxObjectSize(1000).build();
  private static final List<RouteRules> RULES = List.of(
      DEFAULTS,
      DEFAULTS.toBuilder().respectCacheControl(false).build(),
      DEFAULTS.toBuilder().storableStatuses(Set.of(200)).build(),
      DEFAULTS.toBuilder().freshFor(Duration.ZERO).build(),
      DEFAULTS.toBuilder().targetedCacheControl("Cache-Control").build(),
      DEFAULTS.toBuilder().targetedCacheControl("CDN-Cache-Control").build());

  private static final String[] NAMES = {"Cache-Control", "Cache-Control", "cache-control",
      "CDN-Cache-Control", "Daramjwee-Cache-Control", "Expires", "Set-Cookie", "Vary", "ETag",
      "Last-Modified", "Content-Length", "Content-Type"};
  private static final String[] VALUES = {"no-store", "private", "public", "max-age=60",
      "s-maxage=0", "no-cache", "no-store, max-age=60", "private=\"Set-Cookie\"", "", "*",
      "no-store=?0", "max-age=60, no-store", "Thu, 01 Jan 1970 00:00:00 GMT", "\"v1\"", "5000",
      "garbage ,, ;", "Accept"};
  private static final int[] STATUSES = {100, 200, 203, 204, 206, 226, 300, 301, 304, 307, 308,
      400, 404, 405, 410, 414, 418, 500, 501, 503, 599, 600};

  @Test
  void aPlainNoStoreResponse_isRefusedWithoutItsHead() {
    RequestHead get = RequestHead.get("/p", null, Headers.empty());
    Headers headers = Headers.of("Cache-Control", "no-store", "Content-Type", "text/plain");

    StoragePolicy.Decision refusal = StoragePolicy.refusal(DEFAULTS, get, 200, headers::first);

    assertThat(refusal).isEqualTo(StoragePolicy.Decision.dontStore(StoragePolicy.Reason.NO_STORE));
  }

  @Test
  void aTargetedField_leavesTheDecisionToTheWholeHead() {
    RequestHead get = RequestHead.get("/p", null, Headers.empty());
    Headers headers = Headers.of("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");

    assertThat(StoragePolicy.refusal(DEFAULTS, get, 200, headers::first)).isNull();
    assertThat(StoragePolicy.decide(DEFAULTS, get, new ResponseHead(200, headers)).action())
        .isEqualTo(StoragePolicy.Action.STORE);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void randomResponses_refusedEarlyOnlyAsTheWholeHeadDecides(long seed) {
    Random random = new Random(seed);
    int answered = 0;
    for (int i = 0; i < 20_000; i++) {
      RouteRules rules = RULES.get(random.nextInt(RULES.size()));
      RequestHead request = new RequestHead(random.nextInt(8) == 0 ? "HEAD" : "GET", "/p", null,
          random.nextInt(8) == 0 ? Headers.of("Cache-Control", "no-store") : Headers.empty());
      int status = STATUSES[random.nextInt(STATUSES.length)];
      Headers.Builder builder = Headers.builder();
      int fields = random.nextInt(5);
      for (int f = 0; f < fields; f++) {
        builder.add(NAMES[random.nextInt(NAMES.length)], VALUES[random.nextInt(VALUES.length)]);
      }
      Headers headers = builder.build();

      StoragePolicy.Decision early = StoragePolicy.refusal(rules, request, status, headers::first);

      if (early != null) {
        answered++;
        assertThat(early).as("%s %s %s", request.method(), status, headers)
            .isEqualTo(StoragePolicy.decide(rules, request, new ResponseHead(status, headers)));
      }
    }
    assertThat(answered).isGreaterThan(2_000);
  }
}
