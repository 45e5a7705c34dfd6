package io.daramjwee.policy;

import java.util.HashMap;
import java.util.Objects;

/**
 * S3-FIFO, from Yang et al., "FIFO queues are all you need for cache eviction" (SOSP 2023): three
 * static FIFO queues and a 2-bit frequency per key, and no reordering on a hit.
 *
 * <ul>
 *   <li>A new key enters the small queue S, which holds about a tenth of the bytes. Most keys of
 *       a skewed workload are requested once in a short window. S evicts these one-hit wonders
 *       quickly (the paper's "quick demotion"), and they never reach the main queue M.
 *   <li>A key hit at least twice while in S moves to M when it reaches S's tail. Its counter is
 *       cleared during the move.
 *   <li>M is FIFO with reinsertion. A key hit since its last pass goes back to M's head with its
 *       counter decremented (the paper's "lazy promotion"). A key that was not hit is the victim.
 *   <li>The ghost queue G remembers the keys, but not the bytes, of recent evictions from S. A
 *       key that returns while remembered enters M directly.
 * </ul>
 *
 * <p>The paper's simulator knows the cache size; a policy driven by a store does not. So S's
 * share is a tenth of the bytes this policy tracks. A store asks for victims only when it is
 * full, so at those times this equals the paper's tenth of the cache. G holds at most 90% as many
 * keys as S and M together: this is the authors' ghost-size ratio, counted in keys because a
 * ghost entry costs its key whatever the object weighed.
 *
 * <p>Bounded work: the paper's EVICTS and EVICTM loop until they meet a cold key. When every
 * key was hit, one eviction would first reinsert each key of M up to three times. That is O(1)
 * amortized (each reinsertion spends a hit) but O(n) in the worst case, and the store pays it
 * under its lock. So one {@link #evict()} grants at most 32 second chances
 * ({@code DEFAULT_MAX_SECOND_CHANCES}: S-to-M moves and M reinsertions), then evicts the key at
 * the tail even though it was hit. A key it gives up on in S still goes to the ghost queue, so it
 * returns straight to M if it is requested again. The policy never loops over keys it no longer
 * tracks: {@link #remove} unlinks them at once.
 *
 * <p>Not thread-safe: the owning store serialises every call, as {@link EvictionPolicy} requires.
 */
public final class S3FifoPolicy implements EvictionPolicy {

  /** The counter has two bits (paper, section 4.2): frequency saturates here. */
  static final int MAX_FREQUENCY = 3;

  /**
   * Hits needed in S to move to M. Algorithm 1 of the paper moves the tail of S when
   * {@code t.freq > 1}, and the authors' libCacheSim defaults to {@code move-to-main-threshold=2}.
   * A single hit is not enough.
   */
  static final int MOVE_TO_MAIN_THRESHOLD = 2;

  /** S's share of the tracked bytes is {@code 1 / SMALL_SHARE_DIVISOR} (the paper's 10%). */
  private static final int SMALL_SHARE_DIVISOR = 10;

  /**
   * Second chances one {@link #evict()} may grant before it evicts the key at the tail even
   * though it was hit. So a call examines at most 33 nodes, whatever the cache size. This was
   * measured with the policy simulator (Zipf 0.6 to 1.2 and the scan trace, with caches of 100,
   * 1,000 and 10,000 entries). Without a cap, 99.9% of evictions examine at most 38 nodes, and
   * the worst single call examined 570. Capped at 32, no row lost more than 0.03 points of hit
   * ratio against no cap; capped at 16, rows lost up to 0.12.
   */
  static final int DEFAULT_MAX_SECOND_CHANCES = 32;

  enum QueueType { SMALL, MAIN, GHOST }

  static final class Node extends FifoQueue.Node<Node> {
    QueueType queue;
    long size; // 0 while a ghost
    int freq; // 0..MAX_FREQUENCY: hits since entering S or M, or since the last pass through M

    Node(String key) {
      super(key);
    }
  }

  private final int maxSecondChances;
  private final HashMap<String, Node> nodes = new HashMap<>(); // S, M and G
  private final FifoQueue<Node> small = new FifoQueue<>();
  private final FifoQueue<Node> main = new FifoQueue<>();
  private final FifoQueue<Node> ghost = new FifoQueue<>();
  private long smallBytes;
  private long mainBytes;
  private long examined; // nodes evict() looked at, ever: its work, for tests

  public S3FifoPolicy() {
    this(DEFAULT_MAX_SECOND_CHANCES);
  }

  /** A policy that grants at most {@code maxSecondChances} per {@link #evict()}; for tests. */
  S3FifoPolicy(int maxSecondChances) {
    if (maxSecondChances < 0) {
      throw new IllegalArgumentException(
          "maxSecondChances must not be negative: " + maxSecondChances);
    }
    this.maxSecondChances = maxSecondChances;
  }

  /** Counts a hit on a key in S or M, up to 3; a key only remembered by the ghost is not hit. */
  @Override
  public void touch(String key) {
    Node node = nodes.get(key);
    if (node != null && node.queue != QueueType.GHOST) {
      hit(node);
    }
  }

  /**
   * Records {@code key}. A key remembered by the ghost queue enters M; any other new key enters S.
   * Re-adding a tracked key updates its size where it is and counts as a hit. The authors'
   * simulator counts any request for a cached object as a hit, and keeping the key's place stops
   * a rewrite from resetting a hot key to S.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  @Override
  public void add(String key, long size) {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    Node node = nodes.get(key);
    if (node == null) {
      node = new Node(key);
      nodes.put(key, node);
      node.queue = QueueType.SMALL;
      node.size = size;
      small.addYoungest(node);
      smallBytes += size;
    } else if (node.queue == QueueType.GHOST) {
      ghost.unlink(node);
      node.queue = QueueType.MAIN;
      node.size = size;
      node.freq = 0; // Algorithm 1, READ: a miss inserts with freq 0, wherever it goes
      main.addYoungest(node);
      mainBytes += size;
    } else {
      resize(node, size);
      hit(node);
    }
  }

  /** Forgets {@code key} in whichever queue holds it, the ghost queue included. */
  @Override
  public void remove(String key) {
    Node node = nodes.remove(key);
    if (node == null) {
      return;
    }
    switch (node.queue) {
      case SMALL -> {
        small.unlink(node);
        smallBytes -= node.size;
      }
      case MAIN -> {
        main.unlink(node);
        mainBytes -= node.size;
      }
      case GHOST -> ghost.unlink(node);
    }
    trimGhost();
  }

  /**
   * Evicts from S while S holds at least its tenth of the bytes, else from M (paper, Algorithm 1,
   * EVICT). From S, keys hit twice move to M until a key that was not is found. That key goes to
   * the ghost queue and is the victim. If S runs out, eviction continues in M. This follows the
   * authors' reference code: the victim comes from S even when the moves made M exceed its
   * share, and the next call takes from M. From M, keys that were hit are reinserted with one
   * hit fewer until a key with none is found. Both loops share the bound on second chances.
   */
  @Override
  public String evict() {
    int chances = maxSecondChances;
    if (!small.isEmpty()
        && (main.isEmpty() || smallBytes >= (smallBytes + mainBytes) / SMALL_SHARE_DIVISOR)) {
      for (Node tail = small.oldest(); tail != null; tail = small.oldest()) {
        examined++;
        if (tail.freq < MOVE_TO_MAIN_THRESHOLD || chances == 0) {
          return evictFromSmall(tail);
        }
        chances--;
        moveToMain(tail);
      }
    }
    for (Node tail = main.oldest(); tail != null; tail = main.oldest()) {
      examined++;
      if (tail.freq == 0 || chances == 0) {
        return evictFromMain(tail);
      }
      chances--;
      tail.freq--;
      main.moveToYoungest(tail);
    }
    return null;
  }

  /** Where {@code key} is, or {@code null} when untracked; for tests. */
  QueueType queueOf(String key) {
    Node node = nodes.get(key);
    return node == null ? null : node.queue;
  }

  /** The frequency counter of {@code key}, or -1 when untracked; for tests. */
  int frequencyOf(String key) {
    Node node = nodes.get(key);
    return node == null ? -1 : node.freq;
  }

  /** Nodes {@link #evict()} has looked at since construction: its total work; for tests. */
  long examined() {
    return examined;
  }

  @Override
  public String toString() {
    return "S3FifoPolicy{small=" + small.size() + " keys/" + smallBytes + " bytes, main="
        + main.size() + " keys/" + mainBytes + " bytes, ghost=" + ghost.size() + " keys}";
  }

  private static void hit(Node node) {
    if (node.freq < MAX_FREQUENCY) {
      node.freq++;
    }
  }

  private void resize(Node node, long size) {
    if (node.queue == QueueType.SMALL) {
      smallBytes += size - node.size;
    } else {
      mainBytes += size - node.size;
    }
    node.size = size;
  }

  private void moveToMain(Node node) {
    small.unlink(node);
    smallBytes -= node.size;
    node.queue = QueueType.MAIN;
    node.freq = 0; // "its access bits are cleared during the move"
    main.addYoungest(node);
    mainBytes += node.size;
  }

  private String evictFromSmall(Node node) {
    small.unlink(node);
    smallBytes -= node.size;
    node.queue = QueueType.GHOST;
    node.size = 0;
    ghost.addYoungest(node);
    trimGhost();
    return node.key;
  }

  private String evictFromMain(Node node) {
    main.unlink(node);
    mainBytes -= node.size;
    nodes.remove(node.key);
    trimGhost();
    return node.key;
  }

  /**
   * Drops the oldest ghosts beyond 90% of the resident key count. After every call G is within
   * the limit. One call lowers the limit by at most one key and adds at most one ghost, so this
   * loop runs at most twice.
   */
  private void trimGhost() {
    int resident = small.size() + main.size();
    int limit = resident - resident / 10; // 90%, rounded up so that one resident allows one ghost
    while (ghost.size() > limit) {
      Node oldest = ghost.oldest();
      ghost.unlink(oldest);
      nodes.remove(oldest.key);
    }
  }
}
