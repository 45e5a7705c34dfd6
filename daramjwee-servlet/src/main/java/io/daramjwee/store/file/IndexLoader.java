package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a {@link FileStore}'s index from its directory when the store opens: every entry file
 * whose header and trailer check out is indexed, oldest first, so the policy knows them all and,
 * for a recency policy, evicts the least recently written first; every temp file is an orphan of
 * a writer that died before commit or abort, and is deleted; so is every send link of the previous
 * run (no send of this run uses it: a link is made per version, per run) and every entry file that
 * is torn or damaged, or larger than the capacity. Files the store did not name are left alone.
 * No entry starts out verified for zero-copy sends ({@link ZeroCopy}): a file from before the
 * restart is read, and its body checked, before it is ever sent unread.
 *
 * <p>Reads each file's header and trailer only, not its body; a damaged body is caught when it is
 * read. Not thread-safe: it runs once, before the store is shared.
 */
final class IndexLoader {

  private static final Logger log = LoggerFactory.getLogger(IndexLoader.class);

  private final FileNames names;
  private final FileIndex index;
  private final long capacity;
  private int orphans;
  private int links;
  private int damaged;

  IndexLoader(FileNames names, FileIndex index, long capacity) {
    this.names = names;
    this.index = index;
    this.capacity = capacity;
  }

  /**
   * Scans the directory into the index.
   *
   * @return the names the index evicted because the entries exceed the capacity (which may have
   *     shrunk since the last run); the caller deletes their files
   */
  List<String> load() throws IOException {
    List<Found> found = new ArrayList<>();
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(names.root())) {
      for (Path shard : shards) {
        if (FileNames.isShard(shard.getFileName().toString()) && Files.isDirectory(shard)) {
          scan(shard, found);
        }
      }
    }
    // Files written in one tick share a time; the name breaks the tie so the order is stable.
    found.sort(Comparator.comparing(Found::modified).thenComparing(Found::hash));
    List<String> victims = new ArrayList<>();
    for (Found f : found) {
      victims.addAll(index.put(f.hash(), new FileIndex.Entry(f.length())));
    }
    log.info("file store {} tier=file opened: {} entries, {} bytes; deleted {} temp files of"
        + " unfinished writes, {} send links and {} damaged entries", names.root(), index.count(),
        index.size(), orphans, links, damaged);
    return victims;
  }

  private void scan(Path shard, List<Found> found) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (FileNames.isTemp(name)) {
          Files.deleteIfExists(file);
          orphans++;
        } else if (FileNames.isLink(name)) {
          Files.deleteIfExists(file);
          links++;
        } else if (FileNames.isEntry(name)) {
          check(file, FileNames.hashOf(name), found);
        } else {
          log.debug("ignoring {} tier=file: not a name the file store makes", file);
        }
      }
    }
  }

  private void check(Path file, String hash, List<Found> found) throws IOException {
    try {
      long length;
      try (EntryFile entry = EntryFile.open(file, EntryFile.HEAD_READ)) {
        if (!FileNames.hash(entry.key()).equals(hash)) {
          throw new CorruptEntryException("the key it holds does not hash to its name");
        }
        length = entry.fileLength();
      }
      if (length > capacity) {
        log.info("deleting {} tier=file: {} bytes exceed the capacity {}", file, length, capacity);
        Files.deleteIfExists(file);
        return;
      }
      found.add(new Found(hash, length, Files.getLastModifiedTime(file)));
    } catch (CorruptEntryException e) {
      log.warn("deleting damaged entry {} tier=file: {}", file, e.getMessage());
      Files.deleteIfExists(file);
      damaged++;
    } catch (NoSuchFileException e) {
      // Gone since the listing; nothing to index.
    }
  }

  private record Found(String hash, long length, FileTime modified) {}
}
