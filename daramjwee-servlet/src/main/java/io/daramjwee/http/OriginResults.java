package io.daramjwee.http;

import io.daramjwee.FetchResult;
import io.daramjwee.Metadata;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Turns an origin's answer to a cache fetch (a status line, header fields and a body stream) into
 * the engine's {@link FetchResult}: stored, stored as a negative entry, served but not stored, or
 * "not modified". Shared by every origin that answers over HTTP, so they all store alike. The body
 * is wrapped, not read: it streams to the cache as the caller reads it, counting its length and,
 * when the origin sent no {@code ETag}, digesting it for one (see {@link ResponseEntries}).
 * Stateless and thread-safe.
 */
public final class OriginResults {

  private OriginResults() {}

  /**
   * The result of {@code response} with {@code body} to the cache's GET {@code request}.
   *
   * @param previous the entry being revalidated, or {@code null}
   * @throws IOException when the origin answered 304 to an unconditional fetch
   */
  public static FetchResult of(RouteRules rules, RequestHead request, ResponseHead response,
      InputStream body, Metadata previous) throws IOException {
    Objects.requireNonNull(body, "body");
    if (response.status() == 304) {
      body.close();
      if (previous == null) {
        throw new IOException("origin answered 304 to an unconditional GET " + request.path());
      }
      return FetchResult.notModified(ResponseEntries.renewed(rules, previous, response));
    }
    StoragePolicy.Decision decision = StoragePolicy.decide(rules, request, response);
    if (decision.action() == StoragePolicy.Action.DONT_STORE) {
      return FetchResult.noStore(body, ResponseEntries.entry(rules, response, false));
    }
    Metadata entry = ResponseEntries.entry(rules, response,
        decision.action() == StoragePolicy.Action.STORE_NEGATIVE);
    MeasuredBody measured = new MeasuredBody(body, ResponseEntries.needsEtag(entry));
    return FetchResult.body(measured, entry)
        .completedBy(measured::complete)
        .storeAtMost(rules.maxObjectSize())
        .withLength(StoragePolicy.contentLength(response.headers())); // placed by its length
  }

  /** A body that counts its bytes and, when asked, digests them. Read by one thread. */
  private static final class MeasuredBody extends FilterInputStream {
    private final EtagDigest digest;
    private long length;

    MeasuredBody(InputStream in, boolean digest) {
      super(in);
      this.digest = digest ? new EtagDigest() : null;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        length++;
        if (digest != null) {
          digest.update(new byte[] {(byte) b}, 0, 1);
        }
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        length += n;
        if (digest != null) {
          digest.update(b, off, n);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes must still be counted and digested: read them.
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 0))];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    Metadata complete(Metadata entry) {
      return ResponseEntries.completed(entry, length, digest == null ? null : digest.etag());
    }
  }
}
