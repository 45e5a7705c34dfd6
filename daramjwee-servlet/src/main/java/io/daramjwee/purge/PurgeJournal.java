package io.daramjwee.purge;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Where an instance keeps its purge marks so they outlive a restart: beside or inside a tier that
 * outlives the process. {@link PurgeLog} appends every mark it applies (its own and those it
 * received), loads them all when it starts, and compacts now and then to the marks still kept.
 * Implementations are thread-safe.
 */
public interface PurgeJournal extends Closeable {

  /**
   * Every mark appended and not compacted away, expired ones included, in the order appended.
   * A damaged record is skipped and logged, never a failure of the whole load.
   *
   * @throws IOException when the journal cannot be read at all
   */
  List<PurgeMark> load() throws IOException;

  /** Appends {@code mark} durably: after this returns, a {@link #load()} after a crash has it. */
  void append(PurgeMark mark) throws IOException;

  /**
   * Replaces the journal's content with {@code live}, atomically: a crash during it leaves
   * either the old content or the new, never less than both.
   */
  void compact(Collection<PurgeMark> live) throws IOException;

  /** A short description for logs and health, such as the file's path. */
  String describe();
}
