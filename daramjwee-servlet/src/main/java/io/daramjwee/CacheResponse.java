package io.daramjwee;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The answer of {@link Daramjwee#get}: a status, the entry's metadata, a body stream, and where the
 * answer came from. The caller must close it (or its body); reading the body to its end is what
 * lets a miss or a promotion publish into the hot tier.
 *
 * <p>Not thread-safe: one reader.
 */
public final class CacheResponse implements Closeable {

  /** The outcome of a get. */
  public enum Status {
    /** A body follows. */
    OK,
    /** The caller's condition matched; the body is empty. */
    NOT_MODIFIED,
    /** A negative entry; the body is whatever the origin sent with it (often empty). */
    NOT_FOUND
  }

  /** {@link #tier()} of an answer that came from the origin. */
  public static final int ORIGIN = -1;

  private final Status status;
  private final Metadata metadata;
  private final InputStream body;
  private final int tier;
  private final boolean stale;
  private final boolean collapsed;
  private final boolean revalidated;

  CacheResponse(Status status, Metadata metadata, InputStream body, int tier, boolean stale,
      boolean collapsed, boolean revalidated) {
    this.status = status;
    this.metadata = metadata;
    this.body = body;
    this.tier = tier;
    this.stale = stale;
    this.collapsed = collapsed;
    this.revalidated = revalidated;
  }

  public Status status() {
    return status;
  }

  public Metadata metadata() {
    return metadata;
  }

  /** The body; empty for {@link Status#NOT_MODIFIED}. */
  public InputStream body() {
    return body;
  }

  /** The index of the tier that answered, or {@link #ORIGIN}. */
  public int tier() {
    return tier;
  }

  /** True when a cached entry past its freshness was served (a refresh is scheduled). */
  public boolean stale() {
    return stale;
  }

  /** True when this call waited for a concurrent miss on the same key and was served its result. */
  public boolean collapsed() {
    return collapsed;
  }

  /** True when the origin answered "not modified" and the cached entry was served, renewed. */
  public boolean revalidated() {
    return revalidated;
  }

  /** True when the answer came from a tier rather than the origin. */
  public boolean hit() {
    return tier != ORIGIN;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  @Override
  public String toString() {
    return "CacheResponse{" + status + ", tier=" + (tier == ORIGIN ? "origin" : tier)
        + (stale ? ", stale" : "") + (collapsed ? ", collapsed" : "")
        + (revalidated ? ", revalidated" : "") + "}";
  }
}
