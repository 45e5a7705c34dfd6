package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.RangeReadable;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How an {@link S3Store} reads an object in parts: {@code getStream} takes the first
 * {@value ObjectReader#FIRST_READ} bytes with one ranged GET, a full read fetches the rest with a
 * second, and a range ({@link RangeReadable#openRange}) is served from the bytes in hand or by one
 * ranged GET of just the part. Which GETs went out, and with what Range, is recorded by
 * {@link SdkCalls}; the bytes against s3proxy in this JVM.
 */
class S3RangeReadTest {

  private static final Metadata META = Metadata.builder().cacheTag("\"v1\"")
      .attribute("status", "200").build();
  private static final int FIRST = ObjectReader.FIRST_READ;

  private static S3Server server;
  private static final AtomicInteger stores = new AtomicInteger();

  private final SdkCalls calls = new SdkCalls();
  private S3Store store;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.startInMemory();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void openStore() {
    store = server.storeBuilder().keyPrefix("range-" + stores.incrementAndGet() + "/")
        .interceptor(calls).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void openRange_returnsExactlyThePart_fromTheBytesInHandOrWithOneRangedGetOfIt()
      throws IOException {
    byte[] body = bytes(1, 3 * (1 << 20) + 7);
    commit("k", META, body);
    int head = headLength("k", META);
    int inHand = FIRST - head; // body bytes the first GET brought
    long last = head + body.length - 1;

    assertRange("k", body, 0, 100, new String[0]);
    assertRange("k", body, inHand - 10, 10, new String[0]);
    assertRange("k", body, inHand - 10, 20, "bytes=" + FIRST + "-" + (FIRST + 9));
    assertRange("k", body, inHand, 5, "bytes=" + FIRST + "-" + (FIRST + 4));
    assertRange("k", body, 1_500_000, 1 << 20,
        "bytes=" + (head + 1_500_000) + "-" + (head + 1_500_000 + (1 << 20) - 1));
    assertRange("k", body, body.length - 1000, 1000, "bytes=" + (last - 999) + "-" + last);
    assertRange("k", body, 0, body.length, "bytes=" + FIRST + "-" + last);
    assertRange("k", body, 2_000_000, 0, new String[0]);
    assertRange("k", body, body.length, 0, new String[0]);
  }

  @Test
  void fullReadOfALargeObject_takesTheFirstBytesThenTheRest_inTwoGets() throws IOException {
    byte[] body = bytes(2, 1 << 20);
    commit("k", META, body);
    long objectLength = headLength("k", META) + body.length + ObjectFrame.TRAILER_LENGTH;
    calls.clear();

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(calls.all()).extracting(SdkCalls.Call::range)
          .as("nothing beyond the first bytes before the first read")
          .containsExactly("bytes=0-" + (FIRST - 1));
      assertThat(entry.metadata()).isEqualTo(META);
      assertThat(entry.body().readAllBytes()).isEqualTo(body);
    }

    assertThat(calls.all()).extracting(SdkCalls.Call::range).containsExactly(
        "bytes=0-" + (FIRST - 1), "bytes=" + FIRST + "-" + (objectLength - 1));
  }

  @Test
  void smallObject_isReadAndVerifiedWhole_withOneGet() throws IOException {
    byte[] body = bytes(3, 100_000);
    commit("k", META, body);
    calls.clear();

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(entry.body().readAllBytes()).isEqualTo(body);
    }

    assertThat(calls.all()).singleElement().satisfies(call -> {
      assertThat(call.range()).isEqualTo("bytes=0-" + (FIRST - 1));
      assertThat(call.contentLength())
          .isEqualTo(headLength("k", META) + body.length + ObjectFrame.TRAILER_LENGTH);
    });
  }

  @Test
  void corruptBody_aRangeServesThePartAsStored_andTheNextFullReadFailsAndRemovesIt()
      throws IOException {
    byte[] body = bytes(4, 2 << 20);
    commit("k", META, body);
    S3Objects.flipBodyByte(server.raw(), store.objectKey("k"));
    int damaged = body.length / 2;

    try (StoredEntry entry = store.getStream("k");
        InputStream part = ((RangeReadable) entry.body()).openRange(damaged - 10, 20)) {
      byte[] read = part.readAllBytes();
      assertThat(read).as("a part is not checked against the whole body's CRC32C")
          .hasSize(20).isNotEqualTo(Arrays.copyOfRange(body, damaged - 10, damaged + 10));
      assertThat(read[10]).isEqualTo((byte) ~body[damaged]);
    }
    assertThat(S3Objects.exists(server.raw(), store.objectKey("k"))).isTrue();

    try (StoredEntry entry = store.getStream("k")) {
      assertThatThrownBy(() -> entry.body().readAllBytes())
          .isInstanceOf(CorruptEntryException.class);
    }
    assertThat(S3Objects.exists(server.raw(), store.objectKey("k"))).isFalse();
  }

  @Test
  void objectReplacedAfterTheFirstGet_failsTheFirstReadAndTheRange_andTheNewObjectStays()
      throws IOException {
    byte[] oldBody = bytes(5, 1 << 20);
    byte[] newBody = bytes(6, 1 << 20);
    Metadata newMeta = META.toBuilder().cacheTag("\"v2\"").build();
    commit("k", META, oldBody);

    try (StoredEntry reading = store.getStream("k");
        StoredEntry ranging = store.getStream("k")) {
      commit("k", newMeta, newBody);

      assertThatThrownBy(() -> reading.body().read(new byte[100]))
          .isInstanceOf(IOException.class).isNotInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("replaced").hasMessageContaining("'k'");
      assertThatThrownBy(() -> ((RangeReadable) ranging.body()).openRange(FIRST, 1000))
          .isInstanceOf(IOException.class).hasMessageContaining("replaced");
    }

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(entry.metadata()).isEqualTo(newMeta);
      assertThat(entry.body().readAllBytes()).isEqualTo(newBody);
    }
  }

  @Test
  void objectDeletedAfterTheFirstGet_failsTheFirstRead_withAnIOException() throws IOException {
    commit("k", META, bytes(7, 1 << 20));

    try (StoredEntry entry = store.getStream("k")) {
      store.delete("k");

      assertThatThrownBy(() -> entry.body().readAllBytes()).isInstanceOf(IOException.class)
          .isNotInstanceOf(CorruptEntryException.class).hasMessageContaining("deleted");
    }
  }

  @Test
  void readerThatBeganReading_keepsItsVersion_whenTheKeyIsReplaced() throws IOException {
    byte[] oldBody = bytes(8, 3 << 20);
    commit("k", META, oldBody);

    try (StoredEntry entry = store.getStream("k")) {
      byte[] start = entry.body().readNBytes(10);
      commit("k", META.toBuilder().cacheTag("\"v2\"").build(), bytes(9, 3 << 20));
      byte[] rest = entry.body().readAllBytes();

      byte[] read = Arrays.copyOf(start, start.length + rest.length);
      System.arraycopy(rest, 0, read, start.length, rest.length);
      assertThat(Arrays.mismatch(read, oldBody)).as("first differing byte").isEqualTo(-1);
    }
  }

  @Test
  void headLongerThanTheFirstRead_comesWithASecondRangedGet_andTheBodyReadsWholeOrInParts()
      throws IOException {
    Metadata large = META.toBuilder().attribute("link", "x".repeat(300_000)).build();
    byte[] body = bytes(10, 500_000);
    commit("k", large, body);
    int head = headLength("k", large);
    assertThat(head).isGreaterThan(FIRST);
    calls.clear();

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(entry.metadata()).isEqualTo(large);
      assertThat(calls.all()).extracting(SdkCalls.Call::range)
          .containsExactly("bytes=0-" + (FIRST - 1), "bytes=" + FIRST + "-" + (head - 1));
      assertThat(entry.body().readAllBytes()).isEqualTo(body);
    }
    assertRange("k", body, 1000, 2000, "bytes=" + (head + 1000) + "-" + (head + 2999));
  }

  @Test
  void openRange_beyondTheBodyFails_andOnceTheBodyIsReadItDeclines() throws IOException {
    byte[] body = bytes(11, 1 << 20);
    commit("k", META, body);

    try (StoredEntry entry = store.getStream("k")) {
      RangeReadable ranged = (RangeReadable) entry.body();
      assertThatThrownBy(() -> ranged.openRange(body.length - 10, 11))
          .isInstanceOf(IOException.class).hasMessageContaining("beyond the body");
      assertThatThrownBy(() -> ranged.openRange(-1, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(entry.body().read()).isEqualTo(body[0] & 0xff);
      assertThat(ranged.openRange(5, 5)).isNull();
    }
  }

  /** Opens [first, first + count) of the key's body and checks the bytes and the GETs it took. */
  private void assertRange(String key, byte[] body, long first, long count, String... ranges)
      throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      calls.clear();
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        byte[] read = part.readAllBytes();
        assertThat(Arrays.mismatch(read, Arrays.copyOfRange(body, (int) first,
            (int) (first + count)))).as("range %d+%d, first differing byte", first, count)
            .isEqualTo(-1);
      }
      assertThat(calls.all()).as("GETs of range %d+%d", first, count)
          .extracting(SdkCalls.Call::range).containsExactly(ranges);
    }
  }

  private int headLength(String key, Metadata metadata) {
    return (int) ObjectFrame.headLength(key.length(), metadata.encode().length);
  }

  private void commit(String key, Metadata metadata, byte[] body) throws IOException {
    try (StoreWriter writer = store.setWithWriter(key, metadata)) {
      writer.write(body);
      writer.commit();
    }
  }

  private static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
