package io.daramjwee.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Writes and checks of a {@link Store} in one line each, for {@link StoreContractTest} and for a
 * store's own tests beside it: {@link #commit}, {@link #assertHolds}, {@link #assertAbsent}.
 *
 * <p>This file is the contract's and is published in the tck jar; daramjwee-servlet's own store
 * tests compile it from this source folder too, because they cannot depend on the tck (which
 * depends on them) and must not keep a second copy that could drift.
 *
 * <p>Thread-safe: stateless; each call uses only its arguments.
 */
public final class StoreAssertions {

  private StoreAssertions() {}

  /** What a store holds for a key; compares bodies by content, prints them as a checksum. */
  public record Value(Metadata metadata, byte[] body) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Value v && metadata.equals(v.metadata) && Arrays.equals(body, v.body);
    }

    @Override
    public int hashCode() {
      return 31 * metadata.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      CRC32 crc = new CRC32();
      crc.update(body);
      return "Value{" + metadata + ", " + body.length + " bytes, crc32="
          + Long.toHexString(crc.getValue()) + "}";
    }
  }

  /** Writes {@code body} under {@code key} and commits it, as the engine does. */
  public static void commit(Store store, String key, Metadata metadata, byte[] body)
      throws IOException {
    try (StoreWriter writer = store.setWithWriter(key, metadata)) {
      writer.write(body);
      writer.commit();
    }
  }

  /** The whole entry read through {@link Store#getStream}, or {@code null} when absent. */
  public static Value read(Store store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null : new Value(entry.metadata(), entry.body().readAllBytes());
    }
  }

  /** Fails unless both {@code stat} and {@code getStream} return exactly this entry. */
  public static void assertHolds(Store store, String key, Metadata metadata, byte[] body)
      throws IOException {
    String what = describe(key);
    assertThat(store.stat(key)).as("stat(%s)", what).isEqualTo(metadata);
    Value value = read(store, key);
    assertThat(value).as("getStream(%s)", what).isNotNull();
    assertThat(value.metadata()).as("metadata of getStream(%s)", what).isEqualTo(metadata);
    assertSameBytes(value.body(), body, "body of " + what);
  }

  /** Fails unless both {@code stat} and {@code getStream} find nothing for {@code key}. */
  public static void assertAbsent(Store store, String key) throws IOException {
    assertThat(store.stat(key)).as("stat(%s)", describe(key)).isNull();
    assertThat(read(store, key)).as("getStream(%s)", describe(key)).isNull();
  }

  /** Compares without dumping megabytes into the failure message. */
  public static void assertSameBytes(byte[] actual, byte[] expected, String what) {
    int at = Arrays.mismatch(actual, expected);
    if (at >= 0) {
      fail("%s differs at byte %d (got %d bytes, expected %d)", what, at, actual.length,
          expected.length);
    }
  }

  private static String describe(String key) {
    return key.length() <= 60 ? "'" + key + "'" : "'" + key.substring(0, 40) + "…' ("
        + key.length() + " chars)";
  }
}
