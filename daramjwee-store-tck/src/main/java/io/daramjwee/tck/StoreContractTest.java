package io.daramjwee.tck;

import static io.daramjwee.tck.ContractFixtures.NEW;
import static io.daramjwee.tck.ContractFixtures.NEW_BODY;
import static io.daramjwee.tck.ContractFixtures.OLD;
import static io.daramjwee.tck.ContractFixtures.OLD_BODY;
import static io.daramjwee.tck.ContractFixtures.metadata;
import static io.daramjwee.tck.ContractFixtures.openWrite;
import static io.daramjwee.tck.ContractFixtures.randomBytes;
import static io.daramjwee.tck.ContractFixtures.sequencesUpTo;
import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.tck.ContractFixtures.Terminal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract as a JUnit 5 suite: extend it in your test sources, return a fresh
 * empty store from {@link #newStore()}, declare what else the store does in
 * {@link #capabilities()}, and every rule runs against it. docs/STORES.md explains each rule.
 *
 * <pre>{@code
 * class MyStoreContractTest extends StoreContractTest {
 *   @Override
 *   protected Store newStore() {
 *     return new MyStore();
 *   }
 * }
 * }</pre>
 *
 * <p>A failed commit is not provoked here: no fault is natural to every store, so each store's own
 * test provokes one (for example an entry larger than a memory store's capacity).
 *
 * <p>Not thread-safe: JUnit makes one instance per test; the tests start their own threads.
 */
public abstract class StoreContractTest implements AmendContract, DeleteContract,
    LoadContract {

  private final List<Store> created = new ArrayList<>();
  private Store store;

  /** A fresh, empty store; the suite closes it after the test. */
  protected abstract Store newStore() throws Exception;

  /**
   * What the store does beyond the core contract; {@link StoreCapabilities#basic()} unless
   * overridden. Rules for a capability the store does not declare are reported as skipped.
   */
  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic();
  }

  /** The store under test, from {@link #newStore()} (or its reopening), for a subclass's tests. */
  @Override
  public final Store store() {
    return store;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
    created.add(store);
  }

  @AfterEach
  void closeStores() throws IOException {
    for (Store s : created) {
      s.close();
    }
  }

  /** Closes the store under test and opens it again as its capabilities say. */
  private Store reopen() throws Exception {
    created.remove(store);
    store.close();
    store = capabilities().reopen(store);
    created.add(store);
    return store;
  }

  @Test
  void committedValue_isVisibleToGetStreamAndStat() throws IOException {
    byte[] body = randomBytes(1, 10_000);

    commit(store, "k", NEW, body);

    assertHolds(store, "k", NEW, body);
  }

  @Test
  void emptyBody_isAValue_notAMiss() throws IOException {
    try (StoreWriter writer = store.setWithWriter("k", NEW)) {
      writer.commit();
    }

    assertHolds(store, "k", NEW, new byte[0]);
  }

  @Test
  void oneMebibyteBody_writtenInOddSizedPieces_roundTrips() throws IOException {
    byte[] body = randomBytes(2, 1 << 20);
    int[] pieces = {1, 7, 4093, 65_537, 3, 262_147};
    try (StoreWriter writer = store.setWithWriter("k", NEW)) {
      for (int at = 0, i = 0; at < body.length; i++) {
        int n = Math.min(pieces[i % pieces.length], body.length - at);
        writer.write(body, at, n);
        at += n;
      }
      writer.commit();
    }

    assertHolds(store, "k", NEW, body);
  }

  @Test
  void singleByteWrites_roundTrip_andKeepOnlyTheLowEightBits() throws IOException {
    byte[] body = new byte[5_000];
    try (StoreWriter writer = store.setWithWriter("k", NEW)) {
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) i;
        writer.write(i);
      }
      writer.commit();
    }

    assertHolds(store, "k", NEW, body);
  }

  @Test
  void writtenBytes_areCopied_soTheCallerMayReuseItsBuffer() throws IOException {
    byte[] body = randomBytes(5, 100_000);
    byte[] buffer = new byte[8_192]; // as InputStream.transferTo reuses one buffer
    try (StoreWriter writer = store.setWithWriter("k", NEW)) {
      for (int at = 0; at < body.length; at += buffer.length) {
        int n = Math.min(buffer.length, body.length - at);
        System.arraycopy(body, at, buffer, 0, n);
        writer.write(buffer, 0, n);
      }
      Arrays.fill(buffer, (byte) 0);
      writer.commit();
    }

    assertHolds(store, "k", NEW, body);
  }

  @Test
  void uncommittedWrite_leavesThePreviousValueVisible_untilCommit() throws IOException {
    commit(store, "k", OLD, OLD_BODY);

    try (StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY)) {
      assertHolds(store, "k", OLD, OLD_BODY);
      writer.commit();
    }

    assertHolds(store, "k", NEW, NEW_BODY);
  }

  @Test
  void uncommittedWrite_ofANewKey_isInvisible() throws IOException {
    try (StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY)) {
      assertAbsent(store, "k");
    }
  }

  @Test
  void abortedWrite_isDiscarded_andThePreviousValueStays() throws IOException {
    commit(store, "k", OLD, OLD_BODY);

    openWrite(store, "k", NEW, NEW_BODY).abort();
    openWrite(store, "fresh", NEW, NEW_BODY).abort();

    assertHolds(store, "k", OLD, OLD_BODY);
    assertAbsent(store, "fresh");
  }

  @Test
  void closeWithoutCommit_discardsTheWrite_andThePreviousValueStays() throws IOException {
    commit(store, "k", OLD, OLD_BODY);

    openWrite(store, "k", NEW, NEW_BODY).close();
    openWrite(store, "fresh", NEW, NEW_BODY).close();

    assertHolds(store, "k", OLD, OLD_BODY);
    assertAbsent(store, "fresh");
  }

  @Test
  void terminalCalls_inEveryOrderAndRepetition_publishExactlyWhenCommitComesFirst()
      throws IOException {
    for (List<Terminal> calls : sequencesUpTo(3)) {
      String key = "order/" + calls;
      boolean commitFirst = calls.get(0) == Terminal.COMMIT;
      commit(store, key, OLD, OLD_BODY);
      StoreWriter writer = openWrite(store, key, NEW, NEW_BODY);

      for (Terminal call : calls) {
        switch (call) {
          case COMMIT -> {
            if (commitFirst) {
              writer.commit();
            } else {
              assertThatThrownBy(writer::commit).as("commit in %s", calls)
                  .isInstanceOf(IOException.class);
            }
          }
          case ABORT -> writer.abort();
          case CLOSE -> writer.close();
        }
      }

      assertThat(writer.isCommitted()).as("isCommitted after %s", calls).isEqualTo(commitFirst);
      assertHolds(store, key, commitFirst ? NEW : OLD,
          commitFirst ? NEW_BODY : OLD_BODY);
    }
  }

  @Test
  void abortAfterCommit_doesNotUnpublish() throws IOException {
    StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY);
    writer.commit();

    writer.abort();
    writer.close();

    assertHolds(store, "k", NEW, NEW_BODY);
  }

  @Test
  void writeAfterCommit_throws_andLeavesTheValueUnchanged() throws IOException {
    StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY);
    writer.commit();

    assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> writer.write(new byte[] {1, 2})).isInstanceOf(IOException.class);
    assertHolds(store, "k", NEW, NEW_BODY);
  }

  @Test
  void writeAfterAbort_throws() throws IOException {
    StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY);
    writer.abort();

    assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> writer.write(new byte[] {1, 2})).isInstanceOf(IOException.class);
    assertAbsent(store, "k");
  }

  @Test
  void commitAfterAbort_throws_andPublishesNothing() throws IOException {
    commit(store, "k", OLD, OLD_BODY);
    StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY);
    writer.abort();

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
    assertHolds(store, "k", OLD, OLD_BODY);
  }

  @Test
  void unusualKeys_roundTrip_andDoNotCollide() throws IOException {
    // "Aa" and "BB" share a String.hashCode(); "CON" and "nul.txt" are reserved on Windows.
    List<String> keys = List.of("a/b/c", "a_b_c", "a%2Fb%2Fc", "a\\b\\c", "A/B/C", "a b c",
        "key", "key ", " key", "Aa", "BB", "키/다람쥐 🐿️", "../../etc/passwd", "..", ".",
        "CON", "nul.txt", "tab\there", "line\nbreak", "?q=1&r=2#frag", "x".repeat(2000),
        "x".repeat(1999));
    for (int i = 0; i < keys.size(); i++) {
      commit(store, keys.get(i), metadata("k" + i), randomBytes(i, 100 + i));
    }
    store.delete("a/b/c");

    assertAbsent(store, "a/b/c");
    for (int i = 1; i < keys.size(); i++) {
      assertHolds(store, keys.get(i), metadata("k" + i), randomBytes(i, 100 + i));
    }
  }

  @Test
  void corruptedEntry_readsAsNotFound_andStaysGone() throws Exception {
    Assumptions.assumeTrue(capabilities().checksummed(), "store keeps no checksum");
    commit(store, "k", OLD, randomBytes(7, 50_000));

    capabilities().corrupt(store, "k");

    // A streaming store may only find a body checksum mismatch at the end of the stream; it must
    // then fail the read rather than return the bytes.
    try (StoredEntry entry = store.getStream("k")) {
      if (entry != null) {
        assertThatThrownBy(() -> entry.body().readAllBytes())
            .as("a corrupted body must not read to its end")
            .isInstanceOf(CorruptEntryException.class);
      }
    }
    assertAbsent(store, "k");
    assertAbsent(store, "k");
  }

  @Test
  void persistentStore_keepsWhatWasCommitted_andNothingElse_acrossAReopen() throws Exception {
    Assumptions.assumeTrue(capabilities().persistent(), "store keeps nothing across a close");
    byte[] large = randomBytes(8, 700_000);
    commit(store, "k", OLD, OLD_BODY);
    commit(store, "large", NEW, large);
    commit(store, "empty", NEW, new byte[0]);
    commit(store, "gone", OLD, OLD_BODY);
    store.delete("gone");
    openWrite(store, "aborted", NEW, NEW_BODY).abort();
    openWrite(store, "closed", NEW, NEW_BODY).close();
    openWrite(store, "k", NEW, NEW_BODY).abort();

    Store reopened = reopen();

    assertHolds(reopened, "k", OLD, OLD_BODY);
    assertHolds(reopened, "large", NEW, large);
    assertHolds(reopened, "empty", NEW, new byte[0]);
    assertAbsent(reopened, "gone");
    assertAbsent(reopened, "aborted");
    assertAbsent(reopened, "closed");
  }

  @Test
  void reopenedStore_replacesAndDeletesWhatItFound() throws Exception {
    Assumptions.assumeTrue(capabilities().persistent(), "store keeps nothing across a close");
    commit(store, "k", OLD, OLD_BODY);
    commit(store, "other", OLD, OLD_BODY);

    Store reopened = reopen();
    commit(reopened, "k", NEW, NEW_BODY);
    reopened.delete("other");

    assertHolds(reopened, "k", NEW, NEW_BODY);
    assertAbsent(reopened, "other");
    Store again = reopen();
    assertHolds(again, "k", NEW, NEW_BODY);
    assertAbsent(again, "other");
  }
}
