package io.daramjwee.tck;

import io.daramjwee.Store;
import java.util.Objects;

/**
 * What a store under {@link StoreContractTest} declares about itself, so the suite runs the rules
 * that apply to it and skips (reports as skipped, never passes silently) the ones that do not:
 *
 * <ul>
 *   <li>{@linkplain #checksummed(Corruption) checksummed}: the store checks what it reads back,
 *       and the test says how to damage one entry behind the store's back; the suite then proves
 *       a damaged entry reads as absent, never as wrong bytes;
 *   <li>{@linkplain #persistent(Reopening) persistent}: a new store over the same place sees what
 *       the closed one committed, and nothing it did not; the test says how to open it;
 *   <li>{@linkplain #versionTakenAtFirstRead() version taken at the first read}: a reader holds
 *       its entry's bytes once it began reading, not from {@link Store#getStream} (S3, which reads
 *       an object in more than one request); a read of a key replaced in between may fail with
 *       an {@code IOException}, never with wrong bytes, and the contended workload tolerates it;
 *   <li>{@linkplain #workloadScale(double) workload scale}: the share of the suite's concurrent
 *       and randomized workload a slow backend runs (1 is all of it; the sizes of bodies and the
 *       number of threads never shrink, only the number of operations).
 * </ul>
 *
 * <pre>{@code
 * @Override
 * protected StoreCapabilities capabilities() {
 *   return StoreCapabilities.basic()
 *       .checksummed((store, key) -> flipOneByteOf(store, key))
 *       .persistent(closed -> MyStore.open(directory))
 *       .workloadScale(0.25);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: every method returns a new value.
 */
public final class StoreCapabilities {

  /** Damages the stored bytes of one entry behind the store's back, as a disk or network would. */
  @FunctionalInterface
  public interface Corruption {
    void corrupt(Store store, String key) throws Exception;
  }

  /** Opens a new store over what {@code closed}, already closed by the suite, persisted. */
  @FunctionalInterface
  public interface Reopening {
    Store reopen(Store closed) throws Exception;
  }

  private static final StoreCapabilities BASIC =
      new StoreCapabilities(null, null, 1.0, false);

  private final Corruption corruption;
  private final Reopening reopening;
  private final double workloadScale;
  private final boolean versionAtFirstRead;

  private StoreCapabilities(Corruption corruption, Reopening reopening, double workloadScale,
      boolean versionAtFirstRead) {
    this.corruption = corruption;
    this.reopening = reopening;
    this.workloadScale = workloadScale;
    this.versionAtFirstRead = versionAtFirstRead;
  }

  /** A store that keeps no checksum, forgets everything when closed, and runs the full workload. */
  public static StoreCapabilities basic() {
    return BASIC;
  }

  /** Declares that the store detects damage, and how to damage one of its entries. */
  public StoreCapabilities checksummed(Corruption corruption) {
    return new StoreCapabilities(Objects.requireNonNull(corruption, "corruption"), reopening,
        workloadScale, versionAtFirstRead);
  }

  /** Declares that the store keeps its entries across a close, and how to open it again. */
  public StoreCapabilities persistent(Reopening reopening) {
    return new StoreCapabilities(corruption, Objects.requireNonNull(reopening, "reopening"),
        workloadScale, versionAtFirstRead);
  }

  /**
   * Runs {@code scale} of the concurrent and randomized workload, for a backend whose every call
   * is a network round trip.
   *
   * @throws IllegalArgumentException unless {@code 0 < scale <= 1}
   */
  public StoreCapabilities workloadScale(double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("workloadScale must be in (0, 1]: " + scale);
    }
    return new StoreCapabilities(corruption, reopening, scale, versionAtFirstRead);
  }

  /**
   * Declares that a reader takes its entry's version at its first read rather than at
   * {@link Store#getStream}: a read of a key replaced or deleted in between may fail with an
   * {@code IOException} (never a {@code CorruptEntryException}, never wrong bytes). A reader that
   * began reading keeps its bytes, as for every store.
   */
  public StoreCapabilities versionTakenAtFirstRead() {
    return new StoreCapabilities(corruption, reopening, workloadScale, true);
  }

  /** True when {@link #checksummed(Corruption)} was declared. */
  public boolean checksummed() {
    return corruption != null;
  }

  /** True when {@link #persistent(Reopening)} was declared. */
  public boolean persistent() {
    return reopening != null;
  }

  /** True when {@link #versionTakenAtFirstRead()} was declared. */
  public boolean versionAtFirstRead() {
    return versionAtFirstRead;
  }

  /** The share of the workload to run, in (0, 1]. */
  public double workloadScale() {
    return workloadScale;
  }

  /** {@code count} operations scaled down by {@link #workloadScale()}, at least one. */
  public int scaled(int count) {
    return Math.max(1, (int) Math.round(count * workloadScale));
  }

  void corrupt(Store store, String key) throws Exception {
    corruption.corrupt(store, key);
  }

  Store reopen(Store closed) throws Exception {
    return reopening.reopen(closed);
  }

  @Override
  public String toString() {
    return "StoreCapabilities{checksummed=" + checksummed() + ", persistent=" + persistent()
        + ", workloadScale=" + workloadScale + ", versionAtFirstRead=" + versionAtFirstRead + "}";
  }
}
