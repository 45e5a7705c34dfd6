package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the contract suite cannot see of {@link S3Store}: which S3 calls it makes, multipart
 * uploads and their aborts, a service that goes away, corrupt objects, and the SDK's threads.
 * Against s3proxy over a directory, so the service can stop and come back with what it stored.
 */
class S3StoreTest {

  private static final Metadata META = Metadata.builder().cacheTag("\"v1\"")
      .attribute("status", "200").build();
  private static final int MiB = 1 << 20;

  @TempDir
  Path directory;

  private S3Server server;
  private final SdkCalls calls = new SdkCalls();
  private S3Store store;

  @BeforeEach
  void start() throws Exception {
    server = S3Server.start(directory);
    store = server.storeBuilder().singlePutThreshold(MiB).partSize(5 * MiB)
        .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(5))
        .interceptor(calls).build();
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    server.close();
  }

  @Test
  void stat_ofALargeObject_readsOnlyItsHeadWithOneRangedGet() throws IOException {
    commit("big", bytes(1, 12 * MiB));
    calls.clear();

    assertThat(store.stat("big")).isEqualTo(META);

    assertThat(calls.all()).singleElement().satisfies(call -> {
      assertThat(call.operation()).isEqualTo("GetObject");
      assertThat(call.range()).isEqualTo("bytes=0-4095");
      assertThat(call.contentLength()).isLessThanOrEqualTo(ObjectReader.HEAD_READ);
    });
  }

  @Test
  void stat_ofAHeadLongerThanTheFirstRead_readsTheRestInASecondRange() throws IOException {
    Metadata large = META.toBuilder().attribute("link", "x".repeat(10_000)).build();
    try (StoreWriter writer = store.setWithWriter("k", large)) {
      writer.write(bytes(2, 100));
      writer.commit();
    }
    calls.clear();

    assertThat(store.stat("k")).isEqualTo(large);

    assertThat(calls.all()).extracting(SdkCalls.Call::range)
        .containsExactly("bytes=0-4095", "bytes=4096-" + (ObjectFrame.headLength(1,
            large.encode().length) - 1));
  }

  @Test
  void bodyOverTheSinglePutThreshold_goesByMultipart_andRoundTrips() throws IOException {
    byte[] body = bytes(3, 12 * MiB + 3);

    commit("big", body);

    assertThat(calls.operations()).containsExactly("CreateMultipartUpload", "UploadPart",
        "UploadPart", "UploadPart", "CompleteMultipartUpload");
    assertBody("big", body);
  }

  @Test
  void bodyUpToTheThreshold_goesInOnePutObject() throws IOException {
    commit("small", bytes(4, MiB / 2));

    assertThat(calls.operations()).containsExactly("PutObject");
  }

  @Test
  void multipartWrite_isInvisibleUntilCommitCompletesIt() throws IOException {
    byte[] body = bytes(5, 11 * MiB);
    try (StoreWriter writer = store.setWithWriter("k", META)) {
      writer.write(body);
      assertThat(S3Objects.openUploads(server.raw())).hasSize(1);

      assertThat(S3Objects.objectKeys(server.raw())).isEmpty();
      assertThat(store.stat("k")).isNull();
      assertThat(store.getStream("k")).isNull();
      writer.commit();
    }

    assertBody("k", body);
    assertThat(S3Objects.openUploads(server.raw())).isEmpty();
  }

  @Test
  void abortOfAMultipartWrite_leavesNoObject_andNoOpenUpload() throws IOException {
    StoreWriter writer = store.setWithWriter("k", META);
    writer.write(bytes(6, 7 * MiB));
    assertThat(S3Objects.openUploads(server.raw())).as("upload under way").hasSize(1);

    writer.abort();

    assertThat(S3Objects.openUploads(server.raw())).isEmpty();
    assertThat(S3Objects.objectKeys(server.raw())).isEmpty();
    assertThat(store.stat("k")).isNull();
  }

  @Test
  void abortFromAnotherThread_failsTheWritersNextPart_andLeavesNoUpload() throws Exception {
    StoreWriter writer = store.setWithWriter("k", META);
    writer.write(bytes(7, 6 * MiB));

    Thread aborter = new Thread(writer::abort);
    aborter.start();
    aborter.join();

    assertThatThrownBy(() -> writer.write(bytes(8, 6 * MiB))).isInstanceOf(IOException.class);
    assertThat(S3Objects.openUploads(server.raw())).isEmpty();
    assertThat(store.stat("k")).isNull();
  }

  @Test
  void failedUpload_whenTheServerStopsMidWrite_leavesNoObjectNorOpenUpload_onceItReturns()
      throws Exception {
    StoreWriter writer = store.setWithWriter("k", META);
    writer.write(bytes(9, 6 * MiB));
    server.stop();

    assertThatThrownBy(() -> writer.write(bytes(10, 6 * MiB))).isInstanceOf(IOException.class);
    writer.close();
    server.restart();
    assertThat(S3Objects.openUploads(server.raw())).as("the abort could not reach the server")
        .hasSize(1);
    commit("next", bytes(11, 10));

    assertThat(S3Objects.openUploads(server.raw())).isEmpty();
    assertThat(store.stat("k")).isNull();
    assertBody("next", bytes(11, 10));
  }

  @Test
  void openUploads_areAbortedByClose() throws IOException {
    StoreWriter writer = store.setWithWriter("k", META);
    writer.write(bytes(12, 6 * MiB));

    store.close();

    assertThat(S3Objects.openUploads(server.raw())).isEmpty();
    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
    assertThat(S3Objects.objectKeys(server.raw())).isEmpty();
  }

  @Test
  void everyCall_withTheServerStopped_failsFast_withAnIOExceptionNamingBucketAndKey()
      throws Exception {
    server.stop();
    String key = "some/key";

    assertFailsFast(() -> store.getStream(key), key);
    assertFailsFast(() -> store.stat(key), key);
    assertFailsFast(() -> store.delete(key), key);
    assertFailsFast(() -> commit(key, bytes(13, 100)), key);
    assertFailsFast(() -> commit(key, bytes(14, 2 * MiB)), key);
  }

  @Test
  void close_leavesNoSdkThreadBehind_andLaterCallsThrowIllegalState() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    S3Store other = server.storeBuilder().apiCallTimeout(Duration.ofSeconds(30)).build();
    try (StoreWriter writer = other.setWithWriter("k", META)) {
      writer.write(bytes(15, 100));
      writer.commit();
    }
    assertThat(other.stat("k")).isEqualTo(META);
    try (StoredEntry entry = other.getStream("k")) {
      entry.body().readAllBytes();
    }

    other.close();

    await().atMost(Duration.ofSeconds(10)).pollInSameThread()
        .untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    assertThatThrownBy(() -> other.stat("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> other.getStream("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> other.setWithWriter("k", META))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> other.delete("k")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void corruptLargeBody_failsTheReadAtItsEnd_andIsDeleted() throws Exception {
    commit("k", bytes(16, 2 * MiB));
    S3Objects.flipBodyByte(server.raw(), store.objectKey("k"));

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(entry).as("a streamed body is checked at its end").isNotNull();
      byte[] start = entry.body().readNBytes(MiB);
      assertThat(start).hasSize(MiB);
      assertThatThrownBy(() -> entry.body().readAllBytes())
          .isInstanceOf(CorruptEntryException.class);
    }
    assertThat(S3Objects.exists(server.raw(), store.objectKey("k"))).isFalse();
  }

  @Test
  void shortBody_thatTheTrailerDoesNotMatch_failsTheRead_andIsDeleted() throws Exception {
    commit("k", bytes(17, MiB));
    String objectKey = store.objectKey("k");
    byte[] object = S3Objects.read(server.raw(), objectKey);
    int cut = object.length - ObjectFrame.TRAILER_LENGTH - 1000;
    byte[] shortened = new byte[object.length - 1000];
    System.arraycopy(object, 0, shortened, 0, cut);
    System.arraycopy(object, object.length - ObjectFrame.TRAILER_LENGTH, shortened, cut,
        ObjectFrame.TRAILER_LENGTH);
    S3Objects.write(server.raw(), objectKey, shortened);

    try (StoredEntry entry = store.getStream("k")) {
      assertThatThrownBy(() -> entry.body().readAllBytes())
          .isInstanceOf(CorruptEntryException.class).hasMessageContaining("trailer says");
    }
    assertThat(S3Objects.exists(server.raw(), objectKey)).isFalse();
  }

  @Test
  void damagedHead_readsAsAbsent_andIsDeleted() throws Exception {
    commit("k", bytes(18, 100));
    String objectKey = store.objectKey("k");
    byte[] object = S3Objects.read(server.raw(), objectKey);
    object[ObjectFrame.PREFIX_LENGTH] ^= 1; // first byte of the key
    S3Objects.write(server.raw(), objectKey, object);

    assertThat(store.stat("k")).isNull();

    assertThat(S3Objects.exists(server.raw(), objectKey)).isFalse();
    assertThat(store.getStream("k")).isNull();
  }

  @Test
  void objectOfAnotherKeyUnderThisKeysName_readsAsAbsent_andStays() throws Exception {
    commit("a", bytes(19, 300_000));
    String bName = store.objectKey("b");
    S3Objects.write(server.raw(), bName, S3Objects.read(server.raw(), store.objectKey("a")));

    assertThat(store.stat("b")).isNull();
    assertThat(store.getStream("b")).isNull();
    assertThat(S3Objects.exists(server.raw(), bName)).isTrue();
  }

  @Test
  void objectKey_isThePrefixAndTheHexSha256_forKeysOfAnyAlphabetAndLength() throws IOException {
    S3Store prefixed = server.storeBuilder().keyPrefix("cache/v1/").build();
    try {
      for (String key : new String[] {"a/b/../c", "키/다람쥐 🐿️", "x".repeat(2_000), "?#%"}) {
        assertThat(prefixed.objectKey(key)).matches("cache/v1/[0-9a-f]{64}");
        try (StoreWriter writer = prefixed.setWithWriter(key, META)) {
          writer.write(key.getBytes(StandardCharsets.UTF_8));
          writer.commit();
        }
        try (StoredEntry entry = prefixed.getStream(key)) {
          assertThat(entry.body().readAllBytes()).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        }
      }
    } finally {
      prefixed.close();
    }
  }

  @Test
  void builder_rejectsBadValues_namingTheSetting() {
    assertRejected(() -> S3Store.builder().build(), "bucket is required");
    assertRejected(() -> S3Store.builder().bucket("Bad_Bucket"), "bucket must be");
    assertRejected(() -> S3Store.builder().bucket("ab"), "'ab'");
    assertRejected(() -> S3Store.builder().keyPrefix("p".repeat(961)), "keyPrefix");
    assertRejected(() -> S3Store.builder().region(" "), "region must not be blank");
    assertRejected(() -> S3Store.builder().endpointOverride(java.net.URI.create("ftp://h")),
        "endpointOverride must be an http or https URI");
    assertRejected(() -> S3Store.builder().credentials("id", ""), "secretAccessKey");
    assertRejected(() -> S3Store.builder().credentials("", "s3cr3t"), "accessKeyId");
    assertRejected(() -> S3Store.builder().connectTimeout(Duration.ZERO), "connectTimeout");
    assertRejected(() -> S3Store.builder().readTimeout(Duration.ofSeconds(-1)), "readTimeout");
    assertRejected(() -> S3Store.builder().apiCallTimeout(Duration.ZERO), "apiCallTimeout");
    assertRejected(() -> S3Store.builder().singlePutThreshold(-1), "singlePutThreshold");
    assertRejected(() -> S3Store.builder().partSize(MiB), "partSize must be between");
    assertRejected(() -> S3Store.builder().partSize(1L << 30), "partSize");
  }

  @Test
  void builderMessages_neverContainTheSecret() {
    assertThatThrownBy(() -> S3Store.builder().credentials(" ", "s3cr3t-value"))
        .message().doesNotContain("s3cr3t-value");
    assertThat(server.storeBuilder().credentials("id", "s3cr3t-value").bucket("b-b").build())
        .satisfies(s -> {
          assertThat(s.toString()).doesNotContain("s3cr3t-value");
          s.close();
        });
  }

  private void assertFailsFast(ThrowingCallable call, String key) {
    long start = System.nanoTime();
    assertThatThrownBy(call).isInstanceOf(IOException.class)
        .hasMessageContaining("s3://" + S3Server.BUCKET + "/" + store.objectKey(key))
        .hasMessageContaining("'" + key + "'")
        .message().doesNotContain(S3Server.SECRET_KEY);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private static void assertRejected(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static Set<String> newThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName).collect(Collectors.toSet());
  }

  private void commit(String key, byte[] body) throws IOException {
    try (StoreWriter writer = store.setWithWriter(key, META)) {
      writer.write(body);
      writer.commit();
    }
  }

  private void assertBody(String key, byte[] body) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      assertThat(entry).isNotNull();
      assertThat(entry.metadata()).isEqualTo(META);
      byte[] read = entry.body().readAllBytes();
      assertThat(Arrays.mismatch(read, body)).as("first differing byte").isEqualTo(-1);
    }
  }

  private static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
