package io.daramjwee.store.s3;

import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link StoreWriter#amendMetadata} can do for an S3 object, whose head leads it: replace
 * the head while it is still in the writer's buffer (a single PutObject, or a multipart upload
 * before its first part), and decline once the first part carried it to S3.
 */
class S3StoreAmendTest {

  private static final int MiB = 1 << 20;
  private static final Metadata META = Metadata.builder().cacheTag("\"v1\"")
      .attribute("status", "200").attribute("len", "-01").build();
  private static final Metadata SAME_SIZE = META.toBuilder().attribute("len", "123").build();

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
    store = server.storeBuilder().keyPrefix("amend-" + stores.incrementAndGet() + "/")
        .singlePutThreshold(MiB).partSize(5 * MiB).interceptor(calls).build();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void smallBody_isAmended_inTheOnePutObject_atAnySize() throws IOException {
    byte[] body = bytes(1, 10_000);

    for (Metadata amended : new Metadata[] {SAME_SIZE, longer(300), Metadata.builder().build()}) {
      String key = "k" + amended.encode().length;
      calls.clear();
      assertThat(write(key, body, amended)).as("amend of %s", key).isTrue();

      assertThat(calls.operations()).containsExactly("PutObject");
      assertHolds(store, key, amended, body);
    }
  }

  @Test
  void bodyWhoseFirstPartWasSent_isNotAmended_andKeepsItsOriginalMetadata() throws IOException {
    byte[] body = bytes(2, 12 * MiB);

    assertThat(write("big", body, SAME_SIZE)).isFalse();

    assertThat(calls.operations()).startsWith("CreateMultipartUpload", "UploadPart")
        .endsWith("CompleteMultipartUpload");
    assertHolds(store, "big", META, body);
    assertThat(S3Objects.openUploads(server.raw())).isEmpty();
  }

  @Test
  void multipartBodyShortOfItsFirstPart_isAmended_beforeThePartGoesUp() throws IOException {
    byte[] body = bytes(3, 2 * MiB); // over the threshold, under the part size

    assertThat(write("k", body, longer(300))).isTrue();

    assertThat(calls.operations())
        .containsExactly("CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload");
    assertHolds(store, "k", longer(300), body);
  }

  @Test
  void amendThatGrowsTheHeadPastTheThreshold_uploadsByMultipart_withTheNewHead()
      throws IOException {
    int head = ObjectFrame.head(utf8("k"), META.encode()).length;
    byte[] body = bytes(4, MiB - head - ObjectFrame.TRAILER_LENGTH); // fills the threshold

    assertThat(write("k", body, longer(300))).isTrue();

    assertThat(calls.operations())
        .containsExactly("CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload");
    assertHolds(store, "k", longer(300), body);
  }

  @Test
  void amendThatGrowsTheHeadPastAPart_sendsTheFirstPartWithTheNewHead() throws IOException {
    byte[] body = bytes(5, 5 * MiB - 1_000); // the upload is started, its first part not sent
    Metadata amended = longer(100_000);

    assertThat(write("k", body, amended)).isTrue();

    assertThat(calls.operations()).containsExactly("CreateMultipartUpload", "UploadPart",
        "UploadPart", "CompleteMultipartUpload");
    assertHolds(store, "k", amended, body);
  }

  @Test
  void amendToAHeadLongerThanAnObjectHeadMayBe_isDeclined() throws IOException {
    byte[] body = bytes(6, 100);

    assertThat(write("k", body, longer(ObjectFrame.MAX_HEAD_LENGTH))).isFalse();

    assertHolds(store, "k", META, body);
  }

  /** Writes {@code body} under {@link #META}, amends to {@code amended}, commits; the amend's. */
  private boolean write(String key, byte[] body, Metadata amended) throws IOException {
    try (StoreWriter writer = store.setWithWriter(key, META)) {
      writer.write(body);
      boolean taken = writer.amendMetadata(amended);
      writer.commit();
      return taken;
    }
  }

  private static Metadata longer(int extra) {
    return SAME_SIZE.toBuilder().attribute("digest", "d".repeat(extra)).build();
  }

  private static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
