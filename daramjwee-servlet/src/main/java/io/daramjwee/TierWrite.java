package io.daramjwee;

import java.io.IOException;

/**
 * One value's write into the tiers, placed by {@link Admission}: every fill, promotion, renewal,
 * refresh and direct set writes through one. It opens a writer in the value's home, the first
 * tier of its range that admits the declared length, and publishes only there, only when the
 * value is complete.
 *
 * <p>A body of unknown length may outgrow its home. It then moves on, in the same pass and
 * without the origin, to the next tier that admits more ({@link Admission#next}): the spill. The
 * bytes written so far must follow it, and the home's writer cannot give them back (a memory
 * writer holds them, but the {@link StoreWriter} contract has no read-back), so this write keeps
 * them itself, but only the first {@link #SPILL_PREFIX} bytes: while the body is within them it
 * keeps a copy; once it passes them it opens the spill tier's writer, writes the copy there and
 * drops it, and from then on writes every byte to both tiers. A body that ends within its home's
 * limit is published there and its spill copy is handed to the propagation, which commits it in
 * the background in place of copying the value down again; one that outgrows its home drops the
 * home's writer and carries on in the spill tier, which becomes its home. So a spill costs one
 * origin call and at most {@code SPILL_PREFIX} bytes of heap, and small bodies (the most common)
 * never open a second writer. A body that outgrows the spill tier too is not stored: only one
 * move is possible once the copy is dropped; declaring the length (a {@code Content-Length})
 * places it right away.
 *
 * <p>A failing tier is logged and counted (as {@link Tier} does) and its writer dropped; when the
 * spill tier holds every byte the write carries on there. A write that can store nothing more
 * throws, and its owner aborts it.
 *
 * <p>Thread safety: one thread writes, amends and publishes; {@link #abort} may come from any.
 */
final class TierWrite {

  /** How the finished value becomes visible; see {@link Generations.Ticket}. */
  enum Mode {
    /** A value from the origin: published if no newer write happened since the ticket. */
    FILL,
    /** A value read from a lower tier: refused also when a newer value was copied down. */
    PROMOTION,
    /** A direct set: the newest value by definition, published unconditionally. */
    NEWEST
  }

  /** A spill tier's writer left open when the body ended within its home: for the propagation. */
  record Spilled(StoreWriter writer, int tier) {}

  /** The bytes a body of unknown length is copied in memory before it opens its spill writer. */
  static final int SPILL_PREFIX = 64 * 1024;

  private final Publisher publisher;
  private final Admission admission;
  private final String key;
  private final int end;
  private final long storeLimit;
  private Metadata metadata;
  private volatile StoreWriter home;
  private int homeTier;
  private volatile StoreWriter spill; // open while the body is written to two tiers
  private int spillTier; // where the body can move on; -1 when it cannot
  private byte[] prefix; // every byte so far, while a spill is possible and it is within the copy
  private int prefixLength;
  private long written;
  private volatile boolean aborted;

  private TierWrite(Publisher publisher, String key, Metadata metadata, int end, long storeLimit,
      StoreWriter home, int homeTier, int spillTier) {
    this.publisher = publisher;
    this.admission = publisher.admission();
    this.key = key;
    this.metadata = metadata;
    this.end = end;
    this.storeLimit = storeLimit;
    this.home = home;
    this.homeTier = homeTier;
    this.spillTier = spillTier;
    this.prefix = spillTier < 0 ? null : new byte[4096];
  }

  /**
   * Opens the write of {@code key} into the first tier of {@code [from, end)} that admits
   * {@code length} bytes (-1: unknown).
   *
   * @param storeLimit the most bytes that may be stored at all
   * @return the write, or null when no tier admits the value or its tier refused the writer
   *     (logged and counted)
   */
  static TierWrite open(Publisher publisher, String key, Metadata metadata, long length,
      int from, int end, long storeLimit) {
    if (length > storeLimit) {
      return null;
    }
    Admission admission = publisher.admission();
    int home = admission.home(from, end, length);
    if (home < 0) {
      return null;
    }
    StoreWriter writer = publisher.tier(home).writer(key, metadata);
    if (writer == null) {
      return null;
    }
    // A declared length placed the value already; only a body of unknown length may spill.
    int spill = length < 0 ? admission.next(home, end) : -1;
    return new TierWrite(publisher, key, metadata, end, storeLimit, writer, home, spill);
  }

  /** The tier the value is being written to now. */
  int homeTier() {
    return homeTier;
  }

  /** The end (exclusive) of the tiers this write may use; the propagation stops there too. */
  int end() {
    return end;
  }

  /** The bytes written so far: the value's length once it is complete. */
  long written() {
    return written;
  }

  /**
   * Writes the next bytes of the value.
   *
   * @throws IOException when nothing more can be stored: the body outgrew the store limit or
   *     every tier it could go to, its tier failed, or the write was aborted
   */
  void write(byte[] b, int off, int len) throws IOException {
    long total = written + len;
    if (total > storeLimit) {
      // Not a tier failure: the body outgrew what may be stored.
      throw new IOException("body exceeds the " + storeLimit + " bytes that may be stored");
    }
    while (total > admission.limit(homeTier)) {
      moveOn(total);
    }
    if (prefix != null && total > SPILL_PREFIX) {
      startSpill();
    }
    put(b, off, len);
    written = total;
  }

  /**
   * Amends the metadata the value is published with ({@link StoreWriter#amendMetadata}).
   *
   * @return whether the home's writer took it
   */
  boolean amend(Metadata amended) throws IOException {
    metadata = amended;
    boolean taken = home.amendMetadata(amended);
    StoreWriter copy = spill;
    if (copy != null) {
      boolean copied;
      try {
        copied = copy.amendMetadata(amended);
      } catch (IOException | RuntimeException e) {
        publisher.tier(spillTier).failed("amend", key, e);
        copied = false;
      }
      if (taken && !copied) {
        // The copy would keep the metadata the write started with: let the propagation copy
        // the published value instead.
        dropSpill();
      }
    }
    return taken;
  }

  /**
   * Publishes the value in its home as {@code mode} says.
   *
   * @return the home tier, or -1 when a newer write won (the writer is then aborted)
   * @throws IOException when the commit itself failed (nothing was published)
   */
  int publish(Generations.Ticket ticket, Mode mode) throws IOException {
    int tier = homeTier;
    // A value published below tier 0 must not stay hidden behind an older one above it.
    Runnable unshadow = tier == 0 ? null : () -> publisher.removeAbove(key, tier);
    boolean published = switch (mode) {
      case FILL -> ticket.publishIfCurrent(home, unshadow);
      case PROMOTION -> ticket.publishPromotionIfCurrent(home);
      case NEWEST -> {
        ticket.publishNewest(home, unshadow);
        yield true;
      }
    };
    return published ? tier : -1;
  }

  /** The spill copy left open by a published value, handed over to its caller; or null. */
  Spilled takeSpill() {
    StoreWriter copy = spill;
    spill = null;
    return copy == null ? null : new Spilled(copy, spillTier);
  }

  /** Logs and counts a failure of {@code operation} on the home tier. */
  void failed(String operation, Exception e) {
    publisher.tier(homeTier).failed(operation, key, e);
  }

  /** Discards everything written. Idempotent; may be called from any thread. */
  void abort() {
    aborted = true;
    StoreWriter h = home;
    StoreWriter s = spill;
    if (h != null) {
      h.abort();
    }
    if (s != null) {
      s.abort();
    }
  }

  // ---- the spill ----

  /** The body of {@code total} bytes outgrew its home: move on, or throw when it cannot. */
  private void moveOn(long total) throws IOException {
    StoreWriter next = spill;
    int nextTier = spillTier;
    if (next == null && prefix != null) {
      next = openWithPrefix(nextTier);
    }
    if (next == null) {
      throw new IOException("a body of " + total + " bytes or more outgrew the "
          + admission.limit(homeTier) + " bytes tier " + homeTier + " admits");
    }
    home.abort();
    home = next;
    homeTier = nextTier;
    spill = null;
    // Still within the copy: the body can move on once more.
    spillTier = prefix == null ? -1 : admission.next(homeTier, end);
    if (spillTier < 0) {
      prefix = null;
    }
  }

  /** The body passed the in-memory copy: from now on it is written to its spill tier too. */
  private void startSpill() {
    StoreWriter copy = openWithPrefix(spillTier);
    prefix = null;
    if (copy == null) {
      spillTier = -1;
    } else {
      spill = copy;
    }
  }

  /** A writer into {@code tier} that already holds the bytes so far, or null when it failed. */
  private StoreWriter openWithPrefix(int tier) {
    StoreWriter writer = publisher.tier(tier).writer(key, metadata);
    if (writer == null) {
      return null;
    }
    try {
      if (prefixLength > 0) {
        writer.write(prefix, 0, prefixLength);
      }
    } catch (IOException | RuntimeException e) {
      publisher.tier(tier).failed("write", key, e);
      writer.abort();
      return null;
    }
    if (aborted) {
      writer.abort(); // the owner aborted while this was opened
      return null;
    }
    return writer;
  }

  private void put(byte[] b, int off, int len) throws IOException {
    try {
      home.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      if (aborted) {
        throw new IOException("the write was aborted", e);
      }
      failed("write", e);
      home.abort();
      StoreWriter copy = spill;
      if (copy == null) {
        throw e instanceof IOException io ? io : new IOException(e);
      }
      // The spill copy holds every earlier byte: carry on there.
      home = copy;
      homeTier = spillTier;
      spill = null;
      spillTier = -1;
      put(b, off, len);
      return;
    }
    StoreWriter copy = spill;
    if (copy != null) {
      try {
        copy.write(b, off, len);
      } catch (IOException | RuntimeException e) {
        if (!aborted) {
          publisher.tier(spillTier).failed("write", key, e);
        }
        dropSpill();
      }
    } else if (prefix != null) {
      append(b, off, len);
    }
  }

  private void dropSpill() {
    StoreWriter copy = spill;
    spill = null;
    spillTier = -1;
    if (copy != null) {
      copy.abort();
    }
  }

  private void append(byte[] b, int off, int len) {
    if (prefixLength + len > prefix.length) {
      byte[] grown = new byte[Math.min(SPILL_PREFIX,
          Math.max(prefix.length * 2, prefixLength + len))];
      System.arraycopy(prefix, 0, grown, 0, prefixLength);
      prefix = grown;
    }
    System.arraycopy(b, off, prefix, prefixLength, len);
    prefixLength += len;
  }
}
