package io.daramjwee.servlet;

import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.Metadata;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.testing.KeyJournal;
import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zero-copy hits over a real Tomcat whose NIO connector uses sendfile (its default): a hit on a
 * file store entry that a streamed read verified is handed to Tomcat as a range of a file, and
 * Tomcat sends it from the kernel. An observer filter just outside ours sees what the filter left
 * on the request ({@code org.apache.tomcat.sendfile.filename}, {@code start}, {@code end}), which
 * is how these tests know the bytes never went through the JVM; every body is compared byte for
 * byte with what the origin wrote. Also: ranges (RFC 9110 §14.2), the fallbacks to streaming, a
 * replacement or eviction of the entry in the gap between the filter's return and Tomcat's
 * opening the file and during the send, and damaged files, which are never sent unread.
 */
class SendfileScenariosTest extends FilterScenarios {

  private static final int SIZE = 2 << 20; // above the 256 KiB the file store reads whole
  private static final byte[] BODY = bytes(1, SIZE);

  private final Handoffs handoffs = new Handoffs();
  private FileStore store;
  private KeyJournal files;
  private DaramjweeCache cache;

  @BeforeEach
  void script() {
    origin.on("/big", (request, response, call) -> write(response, BODY));
  }

  @Test
  void hitOnAVerifiedFileEntry_isHandedToTomcatsSendfile_andArrivesIdentical() throws Exception {
    startOverFiles(true, 64L << 20);
    assertStoredMiss(get("/big"));

    Reply verifying = get("/big");
    Reply sent = get("/big");

    assertHit(verifying);
    assertThat(verifying.body()).isEqualTo(BODY);
    assertThat(handoffs.get(1).sent()).as("the first hit streams, checking every byte").isFalse();
    assertHit(sent);
    assertThat(sent.header("Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(sent.body()).isEqualTo(BODY);
    Handoffs.Handoff handoff = handoffs.get(2);
    assertThat(handoff.sent()).as("handed to sendfile").isTrue();
    assertThat(handoff.file()).isAbsolute().startsWith(dir.resolve("files"));
    assertThat(Files.isSameFile(handoff.file(), entryFile())).as("a link to the entry").isTrue();
    assertThat(handoff.bytes()).as("the range named holds exactly the body").isEqualTo(BODY);
    assertThat(origin.calls("/big")).isEqualTo(1);
  }

  @Test
  void rangesOnAVerifiedFileEntry_areSentAsSlicesOfTheFile_rfc9110_14_2() throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();
    long bodyStart = sendWhole().start();

    Reply middle = get("/big", "Range", "bytes=100000-1599999");
    Handoffs.Handoff middleSent = handoffs.last();
    Reply suffix = get("/big", "Range", "bytes=-70000");
    Handoffs.Handoff suffixSent = handoffs.last();

    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 100000-1599999/" + SIZE);
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(BODY, 100_000, 1_600_000));
    assertThat(middleSent.sent()).isTrue();
    assertThat(middleSent.start()).isEqualTo(bodyStart + 100_000);
    assertThat(middleSent.end()).isEqualTo(bodyStart + 1_600_000);
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.header("Content-Range"))
        .isEqualTo("bytes " + (SIZE - 70_000) + "-" + (SIZE - 1) + "/" + SIZE);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(BODY, SIZE - 70_000, SIZE));
    assertThat(suffixSent.sent()).isTrue();
    assertThat(suffixSent.end()).isEqualTo(bodyStart + SIZE);
    assertThat(origin.calls("/big")).isEqualTo(1);
  }

  @Test
  void fileEntryReadOnlyInRanges_isVerifiedInTheBackground_andThenSentBySendfile()
      throws Exception {
    startOverFiles(true, 64L << 20);
    assertStoredMiss(get("/big"));
    byte[] part = Arrays.copyOfRange(BODY, 100_000, 1_600_000);

    Reply unverified = get("/big", "Range", "bytes=100000-1599999");

    assertThat(unverified.body()).isEqualTo(part);
    assertThat(handoffs.last().sent()).as("no read verified the file yet").isFalse();
    // The range scheduled a background read of the whole body, which verifies the file.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Reply ranged = get("/big", "Range", "bytes=100000-1599999");
      assertThat(ranged.body()).isEqualTo(part);
      assertThat(handoffs.last().sent()).isTrue();
    });
    assertThat(origin.calls("/big")).isEqualTo(1);
  }

  @Test
  void smallRangeAtTheStart_streams_aBufferCopyIsCheaperThanASend() throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();

    Reply partial = get("/big", "Range", "bytes=0-1023");

    assertThat(partial.status()).isEqualTo(206);
    assertThat(partial.body()).isEqualTo(Arrays.copyOf(BODY, 1024));
    assertThat(handoffs.last().sent()).isFalse();
  }

  @Test
  void connectorWithoutSendfile_hitsStream_withIdenticalBytes() throws Exception {
    startOverFiles(false, 64L << 20);
    fillAndVerify();

    Reply whole = get("/big");
    Reply partial = get("/big", "Range", "bytes=100000-1599999");

    assertHit(whole);
    assertThat(whole.body()).isEqualTo(BODY);
    assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(BODY, 100_000, 1_600_000));
    assertThat(handoffs.seen).noneMatch(Handoffs.Handoff::sent);
  }

  @Test
  void headOnAVerifiedFileEntry_sendsNoFile_rfc9110_9_3_2() throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();

    Reply head = client.head("/big");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(head.body()).isEmpty();
    assertThat(handoffs.last().sent()).isFalse();
  }

  @Test
  void responseWrappedByAFilterBeforeOurs_streams_soTheWrapperSeesTheBody() throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();
    handoffs.wrapResponses = true;

    Reply wrapped = get("/big");

    assertHit(wrapped);
    assertThat(wrapped.body()).isEqualTo(BODY);
    assertThat(handoffs.last().sent()).isFalse();
  }

  @Test
  void entryReplacedAfterTheHandoff_beforeTomcatOpensTheFile_theServedVersionArrivesWhole()
      throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();
    String key = files.keysWith("/big").get(0);
    byte[] other = bytes(2, SIZE);
    handoffs.afterHandoff = () -> {
      Metadata metadata = store.stat(key);
      store.delete(key);
      commit(store, key, metadata, other);
    };

    Reply served = get("/big");
    handoffs.afterHandoff = null;
    Reply next = get("/big");

    assertThat(handoffs.get(handoffs.seen.size() - 2).sent()).isTrue();
    assertThat(served.body()).as("the version the hit found, whole").isEqualTo(BODY);
    assertHit(next);
    assertThat(next.body()).as("then the replacement").isEqualTo(other);
  }

  @Test
  void entryEvictedAfterTheHandoff_beforeTomcatOpensTheFile_stillArrivesWhole() throws Exception {
    startOverFiles(true, SIZE + SIZE / 2); // room for one such entry
    fillAndVerify();
    handoffs.afterHandoff = () -> commit(store, "evictor", store.stat(
        files.keysWith("/big").get(0)), bytes(3, SIZE));

    Reply served = get("/big");
    handoffs.afterHandoff = null;

    assertThat(handoffs.last().sent()).isTrue();
    assertThat(served.body()).isEqualTo(BODY);
    assertThat(store.stat(files.keysWith("/big").get(0))).as("evicted").isNull();
    assertStoredMiss(get("/big"));
  }

  @Test
  void entryReplacedWhileTomcatSendsIt_theClientGetsTheVersionItStarted() throws Exception {
    int size = 16 << 20; // more than the socket buffers hold, so most is sent after the replace
    byte[] huge = bytes(4, size);
    origin.on("/huge", (request, response, call) -> write(response, huge));
    startOverFiles(true, 256L << 20);
    get("/huge");
    get("/huge");
    String key = files.keysWith("/huge").get(0);

    HttpResponse<InputStream> open = client.open("/huge");
    byte[] received;
    try (InputStream in = open.body()) {
      byte[] head = in.readNBytes(64 * 1024);
      Metadata metadata = store.stat(key);
      store.delete(key);
      commit(store, key, metadata, bytes(5, size));
      byte[] rest = in.readAllBytes();
      received = ByteBuffer.allocate(head.length + rest.length).put(head).put(rest).array();
    }

    assertThat(handoffs.last().sent()).isTrue();
    assertThat(received.length).isEqualTo(size);
    assertThat(Arrays.equals(received, huge)).as("the version whose send began, whole").isTrue();
  }

  @Test
  void damagedFileFoundAfterARestart_isCheckedBeforeAnySend_andNeverArrivesWhole()
      throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();
    assertThat(sendWhole().sent()).isTrue();
    int port = server.baseUri().getPort(); // the cache key holds the authority
    server.close();
    cache.close();
    store.close();
    flipBodyByte(entryFile());

    startOverFiles(true, 64L << 20, port); // a restart: a new store over the same directory

    assertThatThrownBy(() -> client.get("/big")).as("broken off before its last bytes")
        .isInstanceOf(UncheckedIOException.class);
    assertThat(handoffs.last().sent()).as("never handed to sendfile").isFalse();
    server.awaitIdle();
    Reply refetched = get("/big");
    assertStoredMiss(refetched);
    assertThat(refetched.body()).isEqualTo(BODY);
    assertThat(origin.calls("/big")).isEqualTo(2);
    get("/big");
    assertThat(sendWhole().sent()).as("the good copy, once verified").isTrue();
  }

  @Test
  void fileWrittenInPlaceAfterItWasVerified_isCheckedAgain_andTheDamageNeverArrivesWhole()
      throws Exception {
    startOverFiles(true, 64L << 20);
    fillAndVerify();
    assertThat(sendWhole().sent()).isTrue();

    flipBodyByteAfterATimestampTick(entryFile());

    assertThatThrownBy(() -> client.get("/big")).isInstanceOf(UncheckedIOException.class);
    assertThat(handoffs.last().sent()).as("changed since verified: streamed, checked").isFalse();
    server.awaitIdle();
    Reply refetched = get("/big");
    assertStoredMiss(refetched);
    assertThat(refetched.body()).isEqualTo(BODY);
    assertThat(origin.calls("/big")).isEqualTo(2);
  }

  // ---- helpers ----

  /** A file store as the only tier, under {@code /**}, on a Tomcat with sendfile on or off. */
  private void startOverFiles(boolean sendfile, long capacity) throws Exception {
    startOverFiles(sendfile, capacity, 0);
  }

  /** As above, listening on {@code port} (0: any). */
  private void startOverFiles(boolean sendfile, long capacity, int port) throws Exception {
    store = closeLater(FileStore.builder().directory(dir.resolve("files")).capacity(capacity)
        .build());
    files = new KeyJournal(store);
    cache = cache(files);
    DaramjweeFilter filter = filter(cache)
        .route(Route.controller("/**", rules("files").maxObjectSize(64L << 20).build())).build();
    server = closeLater(TomcatServer.builder(dir.resolve("tomcat-" + handoffs.seen.size()))
        .port(port).filter(filter).observer(handoffs).sendfile(sendfile).servlet("/", origin)
        .start());
    client = server.client();
  }

  /** GET, then wait until the filter is done with it (a publish or a verification included). */
  private Reply get(String path, String... headers) {
    Reply reply = client.get(path, headers);
    server.awaitIdle();
    return reply;
  }

  /** The miss that stores {@code /big}, and the hit whose streamed read verifies its file. */
  private void fillAndVerify() {
    assertStoredMiss(get("/big"));
    assertThat(get("/big").body()).isEqualTo(BODY);
  }

  /** A whole GET of {@code /big}, its body checked; what it handed to Tomcat. */
  private Handoffs.Handoff sendWhole() {
    assertThat(get("/big").body()).isEqualTo(BODY);
    return handoffs.last();
  }

  private static void write(HttpServletResponse response, byte[] body) throws IOException {
    response.setContentType("application/octet-stream");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The one entry file of the store. */
  private Path entryFile() throws IOException {
    try (Stream<Path> walk = Files.walk(dir.resolve("files"))) {
      List<Path> entries = walk.filter(p -> p.toString().endsWith(".dat")).toList();
      assertThat(entries).hasSize(1);
      return entries.get(0);
    }
  }

  /**
   * Inverts the middle byte of an entry file's body, by the frame the file store documents
   * (13-byte prefix with the key length at 5 and the metadata length at 9, key, metadata,
   * 4-byte header CRC, body, 16-byte trailer), as a stray write would.
   */
  private static void flipBodyByte(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer prefix = ByteBuffer.allocate(13);
      channel.read(prefix, 0);
      long bodyStart = 13L + prefix.getInt(5) + prefix.getInt(9) + 4;
      long at = bodyStart + (channel.size() - bodyStart - 16) / 2;
      ByteBuffer b = ByteBuffer.allocate(1);
      channel.read(b, at);
      b.put(0, (byte) ~b.get(0)).rewind();
      channel.write(b, at);
    }
  }

  /**
   * {@link #flipBodyByte} once the clock is past the file's modification time by more than a
   * file system timestamp tick, as any write after a verification would be: a write within the
   * tick of the one before leaves the time unchanged (the file store's documented limit, which
   * its re-verification covers).
   */
  private static void flipBodyByteAfterATimestampTick(Path file) throws IOException {
    long modified = Files.getLastModifiedTime(file).toMillis();
    await("a timestamp tick after the last write").pollInterval(Duration.ofMillis(5))
        .until(() -> System.currentTimeMillis() > modified + 50);
    flipBodyByte(file);
  }

  private static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
