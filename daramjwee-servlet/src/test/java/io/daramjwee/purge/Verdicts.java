package io.daramjwee.purge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What the purge log tests ask of a log and of its journal, said once. */
final class Verdicts {

  private Verdicts() {}

  /** The verdict on an entry of key {@code key}, route {@code route}, path {@code /path}. */
  static Verdict byKey(PurgeLog log, String key, Instant cachedAt) {
    return log.judge(key, "route", "/path", null, cachedAt);
  }

  /** The verdict on an entry of key {@code key} that carries {@code tags}, space-separated. */
  static Verdict byTags(PurgeLog log, String tags, Instant cachedAt) {
    return log.judge("key", "route", "/path", tags, cachedAt);
  }

  /** Every mark a journal in {@code journalDir} holds, read through a journal of its own. */
  static List<PurgeMark> loadJournal(Path journalDir) throws IOException {
    try (FilePurgeJournal journal = FilePurgeJournal.in(journalDir)) {
      return journal.load();
    }
  }
}
