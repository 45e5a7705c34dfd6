package io.daramjwee;

import io.daramjwee.tck.StoreAssertions;
import java.io.IOException;

/**
 * The store checks this module's store tests use, by the names they import. Each is the contract's
 * own {@link StoreAssertions} (compiled here from daramjwee-store-tck's source folder), so a store
 * test and the contract suite check an entry the same way.
 */
public final class StoreFixtures {

  private StoreFixtures() {}

  public static void commit(Store store, String key, Metadata metadata, byte[] body)
      throws IOException {
    StoreAssertions.commit(store, key, metadata, body);
  }

  public static void assertHolds(Store store, String key, Metadata metadata, byte[] body)
      throws IOException {
    StoreAssertions.assertHolds(store, key, metadata, body);
  }

  public static void assertAbsent(Store store, String key) throws IOException {
    StoreAssertions.assertAbsent(store, key);
  }
}
