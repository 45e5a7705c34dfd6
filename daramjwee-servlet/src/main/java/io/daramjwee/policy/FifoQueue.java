package io.daramjwee.policy;

/**
 * An intrusive doubly-linked FIFO: each node carries its own links, so a node found through the
 * policy's hash map is unlinked in O(1), where {@code java.util.LinkedList.remove(Object)} would
 * scan. New nodes enter at the young end (the paper's "head"); eviction looks at the old end (the
 * "tail"). A node is in at most one queue at a time.
 *
 * <p>Not thread-safe: it belongs to one policy, which the store serialises.
 */
final class FifoQueue<N extends FifoQueue.Node<N>> {

  /** A queue entry. Subclasses add what their policy tracks per key. */
  abstract static class Node<N extends Node<N>> {
    final String key;
    N younger; // toward the young end; null at the youngest node
    N older; // toward the old end; null at the oldest node

    Node(String key) {
      this.key = key;
    }
  }

  private N youngest;
  private N oldest;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** The node that entered longest ago, or {@code null} when empty. */
  N oldest() {
    return oldest;
  }

  /** Links an unlinked {@code node} as the youngest. */
  void addYoungest(N node) {
    node.older = youngest;
    node.younger = null;
    if (youngest == null) {
      oldest = node;
    } else {
      youngest.younger = node;
    }
    youngest = node;
    size++;
  }

  /** Unlinks {@code node}, which must be in this queue. */
  void unlink(N node) {
    if (node.younger == null) {
      youngest = node.older;
    } else {
      node.younger.older = node.older;
    }
    if (node.older == null) {
      oldest = node.younger;
    } else {
      node.older.younger = node.younger;
    }
    node.younger = null;
    node.older = null;
    size--;
  }

  /** Moves {@code node}, which must be in this queue, to the young end. */
  void moveToYoungest(N node) {
    if (node != youngest) {
      unlink(node);
      addYoungest(node);
    }
  }
}
