package io.daramjwee;

import java.io.InputStream;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a {@link Fetcher} got from the origin. Immutable; the body stream is consumed once by the
 * cache, which closes it.
 */
public final class FetchResult {

  /** The kinds of outcome. */
  public enum Kind {
    /** A body to serve and store. */
    BODY,
    /** A body to serve but not store (the origin said it is private, say). */
    NO_STORE,
    /** The previous entry is still valid; its freshness is renewed. */
    NOT_MODIFIED,
    /** The origin has no such value; a negative entry is stored. */
    NOT_FOUND
  }

  private static final FetchResult NOT_MODIFIED =
      new FetchResult(Kind.NOT_MODIFIED, null, null, null, Long.MAX_VALUE, -1);

  private final Kind kind;
  private final InputStream body;
  private final Metadata metadata;
  private final UnaryOperator<Metadata> completion;
  private final long storeLimit;
  private final long length;

  private FetchResult(Kind kind, InputStream body, Metadata metadata,
      UnaryOperator<Metadata> completion, long storeLimit, long length) {
    this.kind = kind;
    this.body = body;
    this.metadata = metadata;
    this.completion = completion;
    this.storeLimit = storeLimit;
    this.length = length;
  }

  private FetchResult(Kind kind, InputStream body, Metadata metadata) {
    this(kind, body, metadata, null, Long.MAX_VALUE, -1);
  }

  /**
   * A body to serve and store. A {@link Metadata#negative()} metadata stores a negative entry that
   * keeps its body (a 404 page, say).
   */
  public static FetchResult body(InputStream body, Metadata metadata) {
    return new FetchResult(Kind.BODY, Objects.requireNonNull(body, "body"),
        Objects.requireNonNull(metadata, "metadata"));
  }

  /** A body to serve once and not store. */
  public static FetchResult noStore(InputStream body, Metadata metadata) {
    return new FetchResult(Kind.NO_STORE, Objects.requireNonNull(body, "body"),
        Objects.requireNonNull(metadata, "metadata"));
  }

  /** The previous entry is still valid; it keeps its metadata. */
  public static FetchResult notModified() {
    return NOT_MODIFIED;
  }

  /** The previous entry is still valid and takes {@code updated} as its metadata. */
  public static FetchResult notModified(Metadata updated) {
    return new FetchResult(Kind.NOT_MODIFIED, null, Objects.requireNonNull(updated, "updated"));
  }

  /** Nothing at the origin; cached as an empty negative entry. */
  public static FetchResult notFound() {
    return notFound(Metadata.builder().build());
  }

  /** Nothing at the origin; cached as an empty negative entry with {@code metadata}. */
  public static FetchResult notFound(Metadata metadata) {
    return new FetchResult(Kind.NOT_FOUND, null,
        Objects.requireNonNull(metadata, "metadata").toBuilder().negative(true).build());
  }

  /**
   * This result, with {@code completion} applied to its metadata once the body was read to its end
   * and before the cache publishes it: for facts learned while the body streamed (its length, a
   * digest). The cache keeps the {@code cachedAt} it stamped. For {@link Kind#BODY} only.
   */
  public FetchResult completedBy(UnaryOperator<Metadata> completion) {
    Objects.requireNonNull(completion, "completion");
    requireBody("completedBy");
    return new FetchResult(kind, body, metadata, completion, storeLimit, length);
  }

  /**
   * This result, stored only while its body stays within {@code maxBytes}: a longer body is still
   * served whole, but its cache write is abandoned at the first byte past the limit. For
   * {@link Kind#BODY} only.
   */
  public FetchResult storeAtMost(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    requireBody("storeAtMost");
    return new FetchResult(kind, body, metadata, completion, maxBytes, length);
  }

  /**
   * This result with its body's length, as the origin declared it (a {@code Content-Length}), or
   * -1 when unknown (the default): the cache writes the body straight into the first tier that
   * admits that size ({@link DaramjweeBuilder#tierMaxEntrySize}), so a body too large for the hot
   * tier goes to a lower one from its first byte, and a body longer than every tier admits or
   * than {@link #storeAtMost} allows is not stored at all. A body longer than it declared is
   * stored only while its tier admits it. For {@link Kind#BODY} and {@link Kind#NO_STORE} only.
   */
  public FetchResult withLength(long length) {
    if (length < -1) {
      throw new IllegalArgumentException("length must be -1 (unknown) or more: " + length);
    }
    if (kind != Kind.BODY && kind != Kind.NO_STORE) {
      throw new IllegalStateException("withLength applies to a result with a body, not " + kind);
    }
    return new FetchResult(kind, body, metadata, completion, storeLimit, length);
  }

  /**
   * This result with {@code metadata} in place of its own: the same kind, body, completion and
   * store limit. For a wrapper that adds what the origin could not know (the filter's tags).
   */
  public FetchResult withMetadata(Metadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    if (kind == Kind.NOT_FOUND) {
      return notFound(metadata);
    }
    return new FetchResult(kind, body, metadata, completion, storeLimit, length);
  }

  private void requireBody(String what) {
    if (kind != Kind.BODY) {
      throw new IllegalStateException(what + " applies to a BODY result, not " + kind);
    }
  }

  /** What {@link #completedBy} set, or {@code null}. */
  UnaryOperator<Metadata> completion() {
    return completion;
  }

  /** The body's length as {@link #withLength} declared it, or -1 when unknown. */
  public long length() {
    return length;
  }

  /** What {@link #storeAtMost} set; {@code Long.MAX_VALUE} when unlimited. */
  long storeLimit() {
    return storeLimit;
  }

  public Kind kind() {
    return kind;
  }

  /** The body for {@link Kind#BODY} and {@link Kind#NO_STORE}, else {@code null}. */
  public InputStream body() {
    return body;
  }

  /** The metadata, or {@code null} for a plain {@link #notModified()}. */
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "FetchResult{" + kind + (metadata == null ? "" : ", " + metadata) + "}";
  }
}
