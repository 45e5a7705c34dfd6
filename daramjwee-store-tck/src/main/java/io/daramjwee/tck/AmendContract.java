package io.daramjwee.tck;

import static io.daramjwee.tck.ContractFixtures.NEW;
import static io.daramjwee.tck.ContractFixtures.NEW_BODY;
import static io.daramjwee.tck.ContractFixtures.OLD;
import static io.daramjwee.tck.ContractFixtures.OLD_BODY;
import static io.daramjwee.tck.ContractFixtures.concat;
import static io.daramjwee.tck.ContractFixtures.metadata;
import static io.daramjwee.tck.ContractFixtures.openWrite;
import static io.daramjwee.tck.ContractFixtures.randomBytes;
import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.assertSameBytes;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract's rules for {@link StoreWriter#amendMetadata}: an amendment is published by the
 * commit with the same body, and by nothing else. Part of {@link StoreContractTest}, which
 * implements {@link #store()}; a file of its own only to keep the suite readable. Not thread-safe,
 * as the suite: JUnit makes one instance per test.
 */
interface AmendContract {

  /** The store under test, fresh for each test. */
  Store store();

  @Test
  default void amendBeforeCommit_publishesTheAmendedMetadata_withTheSameBody() throws IOException {
    Metadata amended = metadata("amd"); // as long as NEW, as the HTTP layer's placeholders are
    assertThat(amended.encode()).hasSameSizeAs(NEW.encode());
    commit(store(), "k", OLD, OLD_BODY);

    try (StoreWriter writer = openWrite(store(), "k", NEW, NEW_BODY)) {
      assertThat(writer.amendMetadata(amended)).as("amend of a small body").isTrue();
      writer.commit();
    }

    assertHolds(store(), "k", amended, NEW_BODY);
  }

  @Test
  default void amendWithMetadataOfAnotherEncodedSize_publishesIt_forEmptyAndSmallBodies()
      throws IOException {
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();
    Metadata shorter = Metadata.ofTag("\"s\"");
    assertThat(longer.encode().length).isGreaterThan(NEW.encode().length);
    assertThat(shorter.encode().length).isLessThan(NEW.encode().length);

    for (int length : new int[] {0, 1, OLD_BODY.length, NEW_BODY.length}) {
      byte[] body = randomBytes(length, length);
      for (Metadata amended : List.of(longer, shorter)) {
        String key = "k/" + length + "/" + amended.encode().length;
        try (StoreWriter writer = openWrite(store(), key, NEW, body)) {
          assertThat(writer.amendMetadata(amended)).as("amend of %s", key).isTrue();
          writer.commit();
        }

        assertHolds(store(), key, amended, body);
      }
    }
  }

  @Test
  default void amendedTwice_publishesTheLastAmendment() throws IOException {
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();
    Metadata last = metadata("lst");

    try (StoreWriter writer = openWrite(store(), "k", NEW, NEW_BODY)) {
      assertThat(writer.amendMetadata(longer)).isTrue();
      assertThat(writer.amendMetadata(last)).isTrue();
      writer.commit();
    }

    assertHolds(store(), "k", last, NEW_BODY);
  }

  @Test
  default void amendAfterCommitOrAbort_throws_andChangesNothing() throws IOException {
    StoreWriter committed = openWrite(store(), "k", NEW, NEW_BODY);
    committed.commit();
    StoreWriter aborted = openWrite(store(), "gone", NEW, NEW_BODY);
    aborted.abort();
    StoreWriter closed = openWrite(store(), "closed", NEW, NEW_BODY);
    closed.close();

    for (StoreWriter writer : List.of(committed, aborted, closed)) {
      assertThatThrownBy(() -> writer.amendMetadata(OLD)).isInstanceOf(IOException.class);
    }
    assertHolds(store(), "k", NEW, NEW_BODY);
    assertAbsent(store(), "gone");
    assertAbsent(store(), "closed");
  }

  @Test
  default void amendThenAbort_publishesNothing_andThePreviousValueStays() throws IOException {
    commit(store(), "k", OLD, OLD_BODY);
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();

    for (Metadata amended : List.of(metadata("amd"), longer)) {
      StoreWriter writer = openWrite(store(), "k", NEW, NEW_BODY);
      assertThat(writer.amendMetadata(amended)).isTrue();
      writer.abort();
      assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
      StoreWriter fresh = openWrite(store(), "fresh", NEW, NEW_BODY);
      assertThat(fresh.amendMetadata(amended)).isTrue();
      fresh.close();
    }

    assertHolds(store(), "k", OLD, OLD_BODY);
    assertAbsent(store(), "fresh");
  }

  @Test
  default void amendedWrite_leavesAnOpenedReaderOfThePreviousValue_undisturbed()
      throws IOException {
    byte[] old = randomBytes(5, 700_000);
    commit(store(), "k", OLD, old);
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();

    try (StoredEntry entry = store().getStream("k")) {
      byte[] head = entry.body().readNBytes(1_000);
      try (StoreWriter writer = openWrite(store(), "k", NEW, NEW_BODY)) {
        assertThat(writer.amendMetadata(longer)).isTrue();
        assertHolds(store(), "k", OLD, old); // amended, not yet committed: still the old value
        writer.commit();
      }

      assertThat(entry.metadata()).isEqualTo(OLD);
      assertSameBytes(concat(head, entry.body()), old, "body read across the amended replace");
    }
    assertHolds(store(), "k", longer, NEW_BODY);
  }
}
