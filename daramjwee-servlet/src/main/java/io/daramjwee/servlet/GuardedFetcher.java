package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.StoredResponse;
import java.io.IOException;
import java.util.List;

/**
 * Wraps an origin's fetcher with what only the filter knows: whether the response varies on a
 * header the request's key left out (then it is served but not stored, and the name is learned,
 * see {@link VaryIndex}), and, for the request that made it, how the fetch ended, for
 * {@code Cache-Status} and the pass marks. Used by one request thread, or by one worker for a
 * refresh.
 */
final class GuardedFetcher implements Fetcher {

  private final Fetcher origin;
  private final VaryIndex varyIndex;
  private final String baseKey;
  private final List<String> keyedNames;
  private volatile FetchResult.Kind outcome;
  private volatile boolean learnedVary;
  private volatile Exception failure;

  /**
   * @param varyIndex where to learn names, or {@code null} to learn none: a proxy route sends the
   *     upstream only the headers it keys on, so a {@code Vary} naming another one varies on a
   *     value the upstream never saw, and keying on it would only split one response many ways
   */
  GuardedFetcher(Fetcher origin, VaryIndex varyIndex, String baseKey, List<String> keyedNames) {
    this.origin = origin;
    this.varyIndex = varyIndex;
    this.baseKey = baseKey;
    this.keyedNames = keyedNames;
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
    if (varyIndex != null && result.kind() == FetchResult.Kind.BODY) {
      List<String> vary = StoredResponse.decode(result.metadata()).headers().all("Vary");
      List<String> missing = VaryIndex.beyond(vary, keyedNames);
      if (!missing.isEmpty()) {
        varyIndex.learn(baseKey, missing);
        learnedVary = true;
        result = FetchResult.noStore(result.body(), result.metadata());
      }
    }
    outcome = result.kind();
    return result;
  }

  /** Whether the last fetch was kept out of the cache because it varies on an unkeyed header. */
  boolean learnedVary() {
    return learnedVary;
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
