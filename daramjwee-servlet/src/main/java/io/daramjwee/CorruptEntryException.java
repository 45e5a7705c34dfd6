package io.daramjwee;

import java.io.IOException;

/** Stored bytes that fail their format or checksum check. Stores treat such an entry as absent. */
public final class CorruptEntryException extends IOException {

  private static final long serialVersionUID = 1L;

  public CorruptEntryException(String message) {
    super(message);
  }

  public CorruptEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
