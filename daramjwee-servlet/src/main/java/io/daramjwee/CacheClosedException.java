package io.daramjwee;

/** Thrown by every call on a {@link DaramjweeCache} after {@link DaramjweeCache#close()}. */
public final class CacheClosedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  CacheClosedException() {
    super("cache is closed");
  }
}
