package io.daramjwee;

import io.daramjwee.internal.LimitedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The answer of {@link DaramjweeCache#get}: a status, the entry's metadata, a body stream, and where the
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
    NOT_FOUND,
    /**
     * The entry found is another variant of the resource than the caller's
     * ({@link CacheRequest#selecting}): nothing is served; the metadata tells the caller where
     * its own variant is kept. The body is empty.
     */
    OTHER_VARIANT
  }

  /** Where an answer came from and how fresh it was when served. */
  public enum Source {
    /** A tier's entry, inside its freshness. */
    FRESH,
    /** A tier's entry past its freshness but inside the stale window; a refresh is scheduled. */
    STALE,
    /** A tier's expired entry inside stale-if-error, standing in for an origin that failed. */
    STALE_IF_ERROR,
    /** Tier 0's entry, published by a concurrent miss on the same key that this call waited for. */
    COLLAPSED,
    /** A tier's expired entry that the origin confirmed unchanged ("not modified"), renewed. */
    REVALIDATED,
    /** The origin's answer. */
    ORIGIN
  }

  /** {@link #tier()} of an answer that came from the origin. */
  public static final int ORIGIN = -1;

  private final Status status;
  private final Metadata metadata;
  private final InputStream body;
  private final int tier;
  private final Source source;
  private InputStream part; // opened by range(), closed with this answer

  CacheResponse(Status status, Metadata metadata, InputStream body, int tier, Source source) {
    if ((tier == ORIGIN) != (source == Source.ORIGIN)) {
      throw new IllegalArgumentException(source + " answer from tier " + tier);
    }
    this.status = status;
    this.metadata = metadata;
    this.body = body;
    this.tier = tier;
    this.source = source;
  }

  /** An answer from {@code tier}'s entry, OK or NOT_FOUND by the entry's metadata. */
  static CacheResponse ofEntry(Metadata metadata, InputStream body, int tier, Source source) {
    return new CacheResponse(statusOf(metadata), metadata, body, tier, source);
  }

  /** An answer from the origin, OK or NOT_FOUND by its metadata. */
  static CacheResponse fromOrigin(Metadata metadata, InputStream body) {
    return new CacheResponse(statusOf(metadata), metadata, body, ORIGIN, Source.ORIGIN);
  }

  /** The caller's condition matched {@code metadata}: no body. */
  static CacheResponse notModified(Metadata metadata, int tier, Source source) {
    return new CacheResponse(Status.NOT_MODIFIED, metadata, InputStream.nullInputStream(), tier,
        source);
  }

  /** The entry of {@code tier} is another variant than the caller's: no body. */
  static CacheResponse otherVariant(Metadata metadata, int tier, Source source) {
    return new CacheResponse(Status.OTHER_VARIANT, metadata, InputStream.nullInputStream(), tier,
        source);
  }

  private static Status statusOf(Metadata metadata) {
    return metadata.negative() ? Status.NOT_FOUND : Status.OK;
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

  /**
   * Where the body lies in a plain file, for a server that can send it without copying it through
   * the JVM; {@code null} when it does not, which is the case for every answer but a tier's entry
   * (an origin's answer and a renewed one fill the tiers as they are read, and are streamed; a
   * lower tier's answer whose promotion is due is then promoted in the background). A caller that sends the region
   * instead of reading the body still closes this answer. Ask before reading the body.
   *
   * @see StoredEntry#fileRegion()
   */
  public FileRegion fileRegion() {
    return body instanceof FileRegion.Backed backed ? backed.fileRegion() : null;
  }

  /**
   * The body's bytes {@code [first, first + count)}, for a single byte range (RFC 9110 §14.1.2):
   * read from the store alone when the store's stream can open a part ({@link RangeReadable}),
   * else by skipping through the body. A lower tier's answer then reads only that part and is not
   * promoted on the way; its promotion, when due, runs in the background instead. Call at most
   * once, before reading {@link #body()}; closing this answer closes the part too.
   *
   * @throws IllegalArgumentException when {@code first} or {@code count} is negative
   * @throws IOException when the store fails to open the part or the skip fails
   */
  public InputStream range(long first, long count) throws IOException {
    if (first < 0 || count < 0) {
      throw new IllegalArgumentException("range " + first + "+" + count + " is negative");
    }
    if (part != null) {
      throw new IllegalStateException("range already opened");
    }
    InputStream opened = body instanceof RangeReadable ranged
        ? ranged.openRange(first, count) : null;
    if (opened == null) {
      body.skipNBytes(first);
      opened = new LimitedInputStream(body, count);
    }
    part = opened;
    return opened;
  }

  /** The index of the tier that answered, or {@link #ORIGIN}. */
  public int tier() {
    return tier;
  }

  /** Where the answer came from and how fresh it was. */
  public Source source() {
    return source;
  }

  /**
   * True when a cached entry past its freshness was served: inside the stale window (a refresh is
   * scheduled) or standing in for a failed origin.
   */
  public boolean stale() {
    return source == Source.STALE || source == Source.STALE_IF_ERROR;
  }

  /** True when this call waited for a concurrent miss on the same key and was served its result. */
  public boolean collapsed() {
    return source == Source.COLLAPSED;
  }

  /** True when the origin answered "not modified" and the cached entry was served, renewed. */
  public boolean revalidated() {
    return source == Source.REVALIDATED;
  }

  /** True when the answer came from a tier rather than the origin. */
  public boolean hit() {
    return source != Source.ORIGIN;
  }

  /**
   * This fresh answer as a stale one, with the same body: for a caller that learned by its own
   * rules that the entry is stale (a soft purge covers it) and schedules its refresh itself
   * ({@link DaramjweeCache#scheduleRefresh}). The caller closes one of the two, not both.
   *
   * @throws IllegalStateException unless this answer is a tier's fresh entry
   */
  public CacheResponse markedStale() {
    if (source != Source.FRESH) {
      throw new IllegalStateException("only a fresh answer can be marked stale, not " + this);
    }
    return new CacheResponse(status, metadata, body, tier, Source.STALE);
  }

  @Override
  public void close() throws IOException {
    try (body) {
      if (part != null && part != body) {
        part.close();
      }
    }
  }

  @Override
  public String toString() {
    return "CacheResponse{" + status + ", " + source + (tier == ORIGIN ? "" : ", tier=" + tier)
        + "}";
  }
}
