package io.daramjwee;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an entry's body lies in a plain file: bytes {@code [start, start + length)} of
 * {@code file}, exactly the body and nothing else. A container that can send a file without
 * copying it through the JVM (Tomcat's sendfile) sends this range instead of the body stream.
 *
 * <p>A store offers a region only for a body it vouches for without reading it (see
 * {@link Backed#fileRegion()}); the stream path stays the one that checks bytes as they pass.
 *
 * @param file the file, by an absolute name the container may open after the request's filter
 *     returned; the store keeps that name on these same bytes for at least a minute after
 *     handing it out, whatever happens to the entry meanwhile
 * @param start the body's first byte in the file
 * @param length the body's length in bytes
 */
public record FileRegion(Path file, long start, long length) {

  public FileRegion {
    Objects.requireNonNull(file, "file");
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("file must be absolute: " + file);
    }
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException(
          "start and length must not be negative: " + start + ", " + length);
    }
  }

  /**
   * The part of this region holding the body's bytes {@code [first, first + count)}: a single
   * byte range (RFC 9110 §14.1.2) served from the same file.
   *
   * @throws IllegalArgumentException when the part does not lie inside this region
   */
  public FileRegion slice(long first, long count) {
    if (first < 0 || count < 0 || first > length - count) {
      throw new IllegalArgumentException("bytes " + first + " to " + (first + count)
          + " are not inside a body of " + length);
    }
    return new FileRegion(file, start + first, count);
  }

  /**
   * A body stream whose bytes lie in a plain file, which it may offer as a {@link FileRegion}
   * instead of being read. Implemented by a store's body stream (the file store's); looked for by
   * {@link StoredEntry#fileRegion()} and {@link CacheResponse#fileRegion()}. A stream the engine
   * wraps around a tier's entry passes the question on: a stale answer (its refresh still runs on
   * close), and a lower tier's answer whose promotion is due (the promotion then reads the whole
   * body in the background instead of being teed from the caller's read). An origin's answer and
   * a renewed one fill the tiers as they are read, and are always streamed.
   */
  public interface Backed {

    /**
     * The region holding this stream's whole body, or {@code null} when the store will not offer
     * one now: the body was read from already, its file is not verified since it was last written
     * or opened after a restart, or the file system cannot give it a stable name. Each call may
     * cost a system call or two; ask once, before reading. A caller that sends the region instead
     * of reading must still close the stream, and must hand the region on at once: the name is
     * kept for a minute, not for ever.
     */
    FileRegion fileRegion();
  }
}
