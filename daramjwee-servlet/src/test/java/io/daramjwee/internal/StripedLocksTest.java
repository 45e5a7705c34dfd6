package io.daramjwee.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StripedLocksTest {

  @ParameterizedTest
  @ValueSource(ints = {0, -1, StripedLocks.MAX_STRIPES + 1})
  void constructor_stripesOutOfRange_throwsNamingTheValue(int stripes) {
    assertThatThrownBy(() -> new StripedLocks(stripes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stripes must be between 1 and 65536: " + stripes);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 2", "3, 4", "64, 64", "65, 128", "65536, 65536"})
  void stripes_areRoundedUpToAPowerOfTwo(int requested, int expected) {
    assertThat(new StripedLocks(requested).stripes()).isEqualTo(expected);
  }

  @Test
  void lockFor_equalKeys_returnTheSameLock() {
    StripedLocks locks = new StripedLocks(64);

    for (int i = 0; i < 1_000; i++) {
      String key = "key-" + i;
      assertThat(locks.lockFor(key)).isSameAs(locks.lockFor(new String(key)));
    }
  }

  @Test
  void lockFor_keysWhoseHashesDifferOnlyInHighBits_spreadOverEveryStripe() {
    StripedLocks locks = new StripedLocks(16);
    int[] hits = new int[16];

    for (int i = 0; i < 1_600; i++) {
      hits[locks.indexFor(i << 16)]++; // an Integer's hash is its value: the low 16 bits are 0
    }

    // A fair spread puts 100 keys on each stripe; a plain mask of the hash puts all on stripe 0.
    for (int stripe = 0; stripe < hits.length; stripe++) {
      assertThat(hits[stripe]).as("keys on stripe %d", stripe).isBetween(50, 200);
    }
  }

  @Test
  void lockFor_nullKey_throws() {
    assertThatThrownBy(() -> new StripedLocks(4).lockFor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void heldLock_excludesOtherThreadsOnTheSameKey_butNotOnAKeyOfAnotherStripe() throws Exception {
    StripedLocks locks = new StripedLocks(64);
    String other = otherStripeThan(locks, "a");
    ReentrantLock held = locks.lockFor("a");
    held.lock();
    try {
      assertThat(tryLockElsewhere(locks.lockFor("a"))).as("same key").isFalse();
      assertThat(tryLockElsewhere(locks.lockFor(other))).as("other stripe").isTrue();
      assertThat(held.tryLock()).as("reentrant on the owning thread").isTrue();
      held.unlock();
    } finally {
      held.unlock();
    }
    assertThat(tryLockElsewhere(locks.lockFor("a"))).as("after release").isTrue();
  }

  private static String otherStripeThan(StripedLocks locks, String key) {
    for (int i = 0; ; i++) {
      if (locks.lockFor("k" + i) != locks.lockFor(key)) {
        return "k" + i;
      }
    }
  }

  /** Whether another thread can take {@code lock}; it releases it at once. */
  private static boolean tryLockElsewhere(ReentrantLock lock) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      if (lock.tryLock()) {
        lock.unlock();
        return true;
      }
      return false;
    }).get(10, TimeUnit.SECONDS);
  }
}
