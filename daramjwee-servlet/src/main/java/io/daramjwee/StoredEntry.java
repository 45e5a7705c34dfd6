package io.daramjwee;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened cache entry: its metadata and a stream over its body. Closing the entry closes the
 * stream. A store whose body lies in a plain file may also offer it as a {@link FileRegion}, for a
 * zero-copy send ({@link #fileRegion()}). Not thread-safe: one reader at a time.
 */
public final class StoredEntry implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(DaramjweeCache.class);

  private final Metadata metadata;
  private final InputStream body;

  public StoredEntry(Metadata metadata, InputStream body) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.body = Objects.requireNonNull(body, "body");
  }

  public Metadata metadata() {
    return metadata;
  }

  public InputStream body() {
    return body;
  }

  /**
   * Where the body lies in a plain file, for a caller that sends it without reading it (then it
   * still closes this entry); {@code null} when the store offers none: the body stream is not
   * {@link FileRegion.Backed}, or it is and declines now (see
   * {@link FileRegion.Backed#fileRegion}). Ask before reading the body.
   */
  public FileRegion fileRegion() {
    return body instanceof FileRegion.Backed backed ? backed.fileRegion() : null;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  /** Closes an entry the engine is done with; a failure is only logged, never thrown. */
  void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      LOG.debug("closing a cache entry failed", e);
    }
  }
}
