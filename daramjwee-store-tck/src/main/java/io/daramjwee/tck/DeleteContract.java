package io.daramjwee.tck;

import static io.daramjwee.tck.ContractFixtures.NEW;
import static io.daramjwee.tck.ContractFixtures.NEW_BODY;
import static io.daramjwee.tck.ContractFixtures.OLD;
import static io.daramjwee.tck.ContractFixtures.OLD_BODY;
import static io.daramjwee.tck.ContractFixtures.concat;
import static io.daramjwee.tck.ContractFixtures.openWrite;
import static io.daramjwee.tck.ContractFixtures.randomBytes;
import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.assertSameBytes;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract's rules for {@link Store#delete} and for readers of a key that is replaced or
 * deleted meanwhile: delete never waits for a writer, and an opened reader keeps its bytes. Part of
 * {@link StoreContractTest}; a file of its own only to keep the suite readable. Not thread-safe, as
 * the suite: JUnit makes one instance per test.
 */
interface DeleteContract {

  /** The store under test, fresh for each test. */
  Store store();

  @Test
  default void deleteOfAMissingKey_succeeds() throws IOException {
    store().delete("never-written");
    store().delete("never-written");

    assertAbsent(store(), "never-written");
  }

  @Test
  default void delete_removesTheValue() throws IOException {
    commit(store(), "k", OLD, OLD_BODY);
    commit(store(), "other", OLD, OLD_BODY);

    store().delete("k");

    assertAbsent(store(), "k");
    assertHolds(store(), "other", OLD, OLD_BODY);
  }

  @Test
  default void deleteWhileAWriterOfTheKeyIsOpen_returnsAtOnce_andTheLaterCommitPublishes()
      throws IOException {
    commit(store(), "k", OLD, OLD_BODY);

    try (StoreWriter writer = openWrite(store(), "k", NEW, NEW_BODY)) {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store().delete("k"),
          "delete waited for the open writer");
      assertAbsent(store(), "k");
      writer.commit();
    }

    assertHolds(store(), "k", NEW, NEW_BODY);
  }

  @Test
  default void openedReader_keepsReadingTheOldBytes_afterTheKeyIsReplaced() throws IOException {
    byte[] old = randomBytes(5, 700_000);
    commit(store(), "k", OLD, old);

    try (StoredEntry entry = store().getStream("k")) {
      byte[] head = entry.body().readNBytes(1_000);
      commit(store(), "k", NEW, randomBytes(6, 900_000));

      assertThat(entry.metadata()).isEqualTo(OLD);
      assertSameBytes(concat(head, entry.body()), old, "body read across the replace");
    }
    assertHolds(store(), "k", NEW, randomBytes(6, 900_000));
  }

  @Test
  default void openedReader_keepsReadingTheOldBytes_afterTheKeyIsDeleted() throws IOException {
    byte[] old = randomBytes(5, 700_000);
    commit(store(), "k", OLD, old);

    try (StoredEntry entry = store().getStream("k")) {
      byte[] head = entry.body().readNBytes(1_000);
      store().delete("k");

      assertSameBytes(concat(head, entry.body()), old, "body read across the delete");
    }
    assertAbsent(store(), "k");
  }
}
