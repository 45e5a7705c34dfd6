package io.daramjwee.servlet;

import java.io.IOException;

/**
 * A tier's entry the gate may not serve and cannot replace through the cache: one a purge covers
 * that a tier failed to delete (so asking again would find it again), or one of a tier that
 * outlives the process while the purge marks are not yet reconciled (deleting it would wipe a
 * shared tier the other instances serve). The flows answer such a request from the origin,
 * uncached, as for any cache failure; never the entry.
 */
final class HeldBackException extends IOException {

  private static final long serialVersionUID = 1L;

  HeldBackException(String message) {
    super(message);
  }
}
