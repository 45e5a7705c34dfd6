package io.daramjwee.spring;

import java.nio.file.Path;

/**
 * Where purge marks outlive a restart ({@code daramjwee.purge}). Mutable for the binder, and only
 * read once bound.
 */
public class PurgeProperties {

  /**
   * The directory of the purge journal, so a purge outlives a restart of an instance whose tiers
   * outlive it. Default: beside the first file tier (its directory name with .purges added),
   * else beside a persistent Ehcache disk pool; without either, marks are held in memory (and, in
   * cluster mode, in Redis).
   */
  private Path journalDirectory;

  public Path getJournalDirectory() {
    return journalDirectory;
  }

  public void setJournalDirectory(Path journalDirectory) {
    this.journalDirectory = journalDirectory;
  }
}
