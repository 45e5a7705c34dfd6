package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.StoredResponse;
import io.daramjwee.http.VariantSelector;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Wraps an origin's fetcher with what only the filter knows: the secondary key of a response that
 * carries {@code Vary} (the values the request that fetched it had for the nominated fields, see
 * {@link VariantSelector}), stamped on what is stored so it is served only to requests that
 * match; and, for the request that made it, how the fetch ended, for {@code Cache-Status} and the
 * pass marks. Used by one request thread, or by one worker for a refresh.
 */
final class GuardedFetcher implements Fetcher {

  private final Fetcher origin;
  private final Function<String, List<String>> requestValues;
  private volatile FetchResult.Kind outcome;
  private volatile Exception failure;

  /**
   * @param requestValues the fields of the request the origin is sent, by name (empty or null
   *     when absent): immutable, since a refresh runs after the client's request has ended
   */
  GuardedFetcher(Fetcher origin, Function<String, List<String>> requestValues) {
    this.origin = origin;
    this.requestValues = requestValues;
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    FetchResult result;
    try {
      result = origin.fetch(previous);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
    if (result.kind() == FetchResult.Kind.BODY
        && result.metadata().attribute(StoredResponse.STATUS) != null) {
      List<String> vary = StoredResponse.decode(result.metadata()).headers().all("Vary");
      if (!vary.isEmpty()) {
        result = result.withMetadata(
            VariantSelector.stamp(result.metadata(), vary, requestValues));
      }
    }
    outcome = result.kind();
    return result;
  }

  /** Why the last fetch failed, or {@code null} when it did not. */
  Exception failure() {
    return failure;
  }

  /** How the last fetch ended, or {@code null} when none ran (a hit). */
  FetchResult.Kind outcome() {
    return outcome;
  }
}
