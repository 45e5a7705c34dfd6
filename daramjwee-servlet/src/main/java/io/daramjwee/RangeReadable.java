package io.daramjwee;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body stream that can open just a part of its body, reading no more from its store than that
 * part and what the store needs to find it: a file seek, an S3 ranged GET, the chunks that hold
 * the part and no others. Implemented by a store's body stream; looked for by
 * {@link CacheResponse#range}, which falls back to skipping through the body when a stream does
 * not implement it or declines. An engine stream that wraps a store's (a promotion, a stale
 * answer) passes the call on.
 *
 * <p><b>Checksums.</b> A part is checked as far as the store's format allows: a chunked store
 * (Ehcache, Redis) checks every chunk it reads against the chunk's own checksum; a store that
 * keeps one checksum over the whole body (file, S3) cannot check a part against it, and serves
 * the part as its storage returns it, as a read that stops before the end always did. The whole
 * body is checked by the next read of all of it, which the cache schedules for a part served
 * from a lower tier (its background promotion) and for a part of a body that asks for it
 * ({@link #wholeReadWanted}), and a body that fails that check is removed.
 */
public interface RangeReadable {

  /**
   * A stream of exactly the body's bytes {@code [first, first + count)}, then end of stream; or
   * {@code null} when this stream will not open one now (the caller then skips through it). Called
   * at most once, before anything is read from this stream. The caller closes the returned stream
   * and then this one.
   *
   * @throws IOException when the store fails to open the part
   */
  InputStream openRange(long first, long count) throws IOException;

  /**
   * Whether a read of the whole body would earn the entry something a part cannot: a file store's
   * entry that no read has verified yet, which only a verified whole read lets go out by zero
   * copy. When a range of such a stream is opened, the cache reads the entry whole in the
   * background (one such read per key at a time), so an entry only ever read in ranges is
   * verified too. False unless a store says otherwise.
   */
  default boolean wholeReadWanted() {
    return false;
  }
}
