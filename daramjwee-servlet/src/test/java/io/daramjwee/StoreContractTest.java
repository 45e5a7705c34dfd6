package io.daramjwee;

import static io.daramjwee.StoreFixtures.assertAbsent;
import static io.daramjwee.StoreFixtures.assertHolds;
import static io.daramjwee.StoreFixtures.concat;
import static io.daramjwee.StoreFixtures.sequencesUpTo;
import static io.daramjwee.StoreFixtures.stampedValue;
import static io.daramjwee.StoreFixtures.randomValue;
import static io.daramjwee.StoreFixtures.assertWhole;
import static io.daramjwee.StoreFixtures.assertSameBytes;
import static io.daramjwee.StoreFixtures.commit;
import static io.daramjwee.StoreFixtures.metadata;
import static io.daramjwee.StoreFixtures.openWrite;
import static io.daramjwee.StoreFixtures.randomBytes;
import static io.daramjwee.StoreFixtures.read;
import static io.daramjwee.StoreFixtures.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.daramjwee.StoreFixtures.Terminal;
import io.daramjwee.StoreFixtures.Value;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Store} contract, written once and extended by every store's test. A subclass supplies
 * a fresh empty store per test and, if the store persists bytes with a checksum, a way to corrupt
 * one entry.
 *
 * <p>A failed commit is not provoked here: no fault is natural to every store, so each store's own
 * test provokes one (for example an entry larger than a memory store's capacity).
 */
public abstract class StoreContractTest {

  private static final Metadata OLD = metadata("old");
  private static final Metadata NEW = metadata("new");
  private static final byte[] OLD_BODY = randomBytes(3, 100);
  private static final byte[] NEW_BODY = randomBytes(4, 5_000);

  private final List<Store> created = new ArrayList<>();
  private Store store;

  /** A fresh, empty store; the base class closes it after the test. */
  protected abstract Store newStore() throws Exception;

  /** True when the store checksums what it persists, so {@link #corrupt} can be tested. */
  protected boolean corruptible() {
    return false;
  }

  /** Damages the stored bytes of {@code key} behind the store's back. */
  protected void corrupt(Store store, String key) throws Exception {
    throw new UnsupportedOperationException("store keeps no checksum");
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
  void amendBeforeCommit_publishesTheAmendedMetadata_withTheSameBody() throws IOException {
    Metadata amended = metadata("amd"); // as long as NEW, as the HTTP layer's placeholders are
    assertThat(amended.encode()).hasSameSizeAs(NEW.encode());
    commit(store, "k", OLD, OLD_BODY);

    try (StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY)) {
      assertThat(writer.amendMetadata(amended)).as("amend of a small body").isTrue();
      writer.commit();
    }

    assertHolds(store, "k", amended, NEW_BODY);
  }

  @Test
  void amendWithMetadataOfAnotherEncodedSize_publishesIt_forEmptyAndSmallBodies()
      throws IOException {
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();
    Metadata shorter = Metadata.ofTag("\"s\"");
    assertThat(longer.encode().length).isGreaterThan(NEW.encode().length);
    assertThat(shorter.encode().length).isLessThan(NEW.encode().length);

    for (int length : new int[] {0, 1, OLD_BODY.length, NEW_BODY.length}) {
      byte[] body = randomBytes(length, length);
      for (Metadata amended : List.of(longer, shorter)) {
        String key = "k/" + length + "/" + amended.encode().length;
        try (StoreWriter writer = openWrite(store, key, NEW, body)) {
          assertThat(writer.amendMetadata(amended)).as("amend of %s", key).isTrue();
          writer.commit();
        }

        assertHolds(store, key, amended, body);
      }
    }
  }

  @Test
  void amendedTwice_publishesTheLastAmendment() throws IOException {
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();
    Metadata last = metadata("lst");

    try (StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY)) {
      assertThat(writer.amendMetadata(longer)).isTrue();
      assertThat(writer.amendMetadata(last)).isTrue();
      writer.commit();
    }

    assertHolds(store, "k", last, NEW_BODY);
  }

  @Test
  void amendAfterCommitOrAbort_throws_andChangesNothing() throws IOException {
    StoreWriter committed = openWrite(store, "k", NEW, NEW_BODY);
    committed.commit();
    StoreWriter aborted = openWrite(store, "gone", NEW, NEW_BODY);
    aborted.abort();
    StoreWriter closed = openWrite(store, "closed", NEW, NEW_BODY);
    closed.close();

    for (StoreWriter writer : List.of(committed, aborted, closed)) {
      assertThatThrownBy(() -> writer.amendMetadata(OLD)).isInstanceOf(IOException.class);
    }
    assertHolds(store, "k", NEW, NEW_BODY);
    assertAbsent(store, "gone");
    assertAbsent(store, "closed");
  }

  @Test
  void amendThenAbort_publishesNothing_andThePreviousValueStays() throws IOException {
    commit(store, "k", OLD, OLD_BODY);
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();

    for (Metadata amended : List.of(metadata("amd"), longer)) {
      StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY);
      assertThat(writer.amendMetadata(amended)).isTrue();
      writer.abort();
      assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
      StoreWriter fresh = openWrite(store, "fresh", NEW, NEW_BODY);
      assertThat(fresh.amendMetadata(amended)).isTrue();
      fresh.close();
    }

    assertHolds(store, "k", OLD, OLD_BODY);
    assertAbsent(store, "fresh");
  }

  @Test
  void amendedWrite_leavesAnOpenedReaderOfThePreviousValue_undisturbed() throws IOException {
    byte[] old = randomBytes(5, 700_000);
    commit(store, "k", OLD, old);
    Metadata longer = NEW.toBuilder().attribute("digest", "d".repeat(300)).build();

    try (StoredEntry entry = store.getStream("k")) {
      byte[] head = entry.body().readNBytes(1_000);
      try (StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY)) {
        assertThat(writer.amendMetadata(longer)).isTrue();
        assertHolds(store, "k", OLD, old); // amended, not yet committed: still the old value
        writer.commit();
      }

      assertThat(entry.metadata()).isEqualTo(OLD);
      assertSameBytes(concat(head, entry.body()), old, "body read across the amended replace");
    }
    assertHolds(store, "k", longer, NEW_BODY);
  }

  @Test
  void deleteOfAMissingKey_succeeds() throws IOException {
    store.delete("never-written");
    store.delete("never-written");

    assertAbsent(store, "never-written");
  }

  @Test
  void delete_removesTheValue() throws IOException {
    commit(store, "k", OLD, OLD_BODY);
    commit(store, "other", OLD, OLD_BODY);

    store.delete("k");

    assertAbsent(store, "k");
    assertHolds(store, "other", OLD, OLD_BODY);
  }

  @Test
  void deleteWhileAWriterOfTheKeyIsOpen_returnsAtOnce_andTheLaterCommitPublishes()
      throws IOException {
    commit(store, "k", OLD, OLD_BODY);

    try (StoreWriter writer = openWrite(store, "k", NEW, NEW_BODY)) {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.delete("k"),
          "delete waited for the open writer");
      assertAbsent(store, "k");
      writer.commit();
    }

    assertHolds(store, "k", NEW, NEW_BODY);
  }

  @Test
  void openedReader_keepsReadingTheOldBytes_afterTheKeyIsReplaced() throws IOException {
    byte[] old = randomBytes(5, 700_000);
    commit(store, "k", OLD, old);

    try (StoredEntry entry = store.getStream("k")) {
      byte[] head = entry.body().readNBytes(1_000);
      commit(store, "k", NEW, randomBytes(6, 900_000));

      assertThat(entry.metadata()).isEqualTo(OLD);
      assertSameBytes(concat(head, entry.body()), old, "body read across the replace");
    }
    assertHolds(store, "k", NEW, randomBytes(6, 900_000));
  }

  @Test
  void openedReader_keepsReadingTheOldBytes_afterTheKeyIsDeleted() throws IOException {
    byte[] old = randomBytes(5, 700_000);
    commit(store, "k", OLD, old);

    try (StoredEntry entry = store.getStream("k")) {
      byte[] head = entry.body().readNBytes(1_000);
      store.delete("k");

      assertSameBytes(concat(head, entry.body()), old, "body read across the delete");
    }
    assertAbsent(store, "k");
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
  @Timeout(120)
  void manyThreadsWritingDistinctKeys_loseNoCommit() throws Exception {
    int threads = 8;
    int perThread = 250;

    runConcurrently(threads, t -> {
      for (int i = 0; i < perThread; i++) {
        commit(store, "t" + t + "/" + i, metadata(t + "-" + i), randomBytes(t * 1000L + i, i * 7));
      }
    });

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertHolds(store, "t" + t + "/" + i, metadata(t + "-" + i),
            randomBytes(t * 1000L + i, i * 7));
      }
    }
  }

  @Test
  @Timeout(120)
  void manyThreadsWritingAndReadingOneKey_neverSeeATornEntry() throws Exception {
    AtomicIntegerArray lastLength = new AtomicIntegerArray(8);

    runConcurrently(8, t -> {
      Random random = new Random(t);
      for (int i = 0; i < 150; i++) {
        Value value = stampedValue(t, 1 + random.nextInt(300_000));
        commit(store, "contended", value.metadata(), value.body());
        lastLength.set(t, value.body().length);
        assertWhole(read(store, "contended"));
        assertThat(store.stat("contended").attribute("writer")).isNotNull();
      }
    });

    Value last = read(store, "contended");
    assertWhole(last);
    int writer = Integer.parseInt(last.metadata().attribute("writer"));
    assertThat(last.body()).as("the final value is its writer's last commit")
        .hasSize(lastLength.get(writer));
  }

  @Test
  void randomOperations_agreeWithAModelMap() throws IOException {
    long seed = 20_240_501L;
    Random random = new Random(seed);
    Map<String, Value> model = new HashMap<>();

    for (int step = 0; step < 2_000; step++) {
      String key = "key-" + random.nextInt(20);
      int op = random.nextInt(6);
      String where = "seed " + seed + ", step " + step + ", op " + op + ", key " + key;
      switch (op) {
        case 0, 1 -> {
          Value value = randomValue(random, step);
          commit(store, key, value.metadata(), value.body());
          model.put(key, value);
        }
        case 2 -> {
          Value value = randomValue(random, step);
          StoreWriter writer = openWrite(store, key, value.metadata(), value.body());
          if (random.nextBoolean()) {
            writer.abort();
          } else {
            writer.close();
          }
        }
        case 3 -> assertThat(read(store, key)).as(where).isEqualTo(model.get(key));
        case 4 -> assertThat(store.stat(key)).as(where)
            .isEqualTo(model.containsKey(key) ? model.get(key).metadata() : null);
        default -> {
          store.delete(key);
          model.remove(key);
        }
      }
    }
    for (int k = 0; k < 20; k++) {
      assertThat(read(store, "key-" + k)).as("seed %d, final key-%d", seed, k)
          .isEqualTo(model.get("key-" + k));
    }
  }

  @Test
  void corruptedEntry_readsAsNotFound_andStaysGone() throws Exception {
    Assumptions.assumeTrue(corruptible(), "store keeps no checksum: nothing persistent to corrupt");
    commit(store, "k", OLD, randomBytes(7, 50_000));

    corrupt(store, "k");

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
}
