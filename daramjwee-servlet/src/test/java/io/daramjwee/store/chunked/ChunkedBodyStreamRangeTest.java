package io.daramjwee.store.chunked;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.RangeReadable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ChunkedBodyStream#openRange}: a part reads only the chunks that hold it, each checked
 * against its own checksum, and serves exactly the part's bytes; and an inline body's part. Over
 * {@link MemoryChunks}, which records every fetch.
 */
class ChunkedBodyStreamRangeTest {

  private static final int CHUNK = 100;
  /** Nine whole chunks and a short tenth. */
  private static final byte[] BODY = bytes(950);

  private final List<String> corrupt = new ArrayList<>();
  private int closes;

  @ParameterizedTest(name = "[{0}, +{1}) reads chunks {2}")
  @CsvSource({
      "0,   150, 0 1", // the start; chunk 0 is the one open fetched
      "420, 130, 4 5", // the middle
      "900, 50,  9", // the end, in the short last chunk
      "940, 10,  9",
      "300, 200, 3 4", // exactly chunk-aligned
      "250, 400, 2 3 4 5 6", // across chunk boundaries
      "555, 1,   5", // a single byte
      "0,   1,   0",
      "99,  2,   0 1",
      "0,   949, 0 1 2 3 4 5 6 7 8 9",
      "1,   949, 0 1 2 3 4 5 6 7 8 9",
  })
  void aPart_readsOnlyItsChunks_andServesExactlyItsBytes(long first, long count, String chunks)
      throws Exception {
    MemoryChunks source = new MemoryChunks(BODY, CHUNK);
    int[] expected = Arrays.stream(chunks.split(" ")).mapToInt(Integer::parseInt).toArray();

    try (ChunkedBodyStream body = open(source)) {
      assertThat(source.fetched).as("open fetches chunk 0").containsExactly(0);
      try (InputStream part = body.openRange(first, count)) {
        assertThat(part.readAllBytes())
            .isEqualTo(Arrays.copyOfRange(BODY, (int) first, (int) (first + count)));
        assertThat(part.read()).as("then end of stream").isEqualTo(-1);
      }
      List<Integer> reads = new ArrayList<>(List.of(0));
      Arrays.stream(expected).filter(i -> i != 0).forEach(reads::add);
      assertThat(source.fetched).as("chunk 0 fetched once, then only the part's")
          .containsExactlyElementsOf(reads);
      assertThat(source.kept).singleElement()
          .isEqualTo(new int[] {expected[0], expected[expected.length - 1]});
    }
    assertThat(closes).isEqualTo(1);
    assertThat(corrupt).isEmpty();
  }

  @Test
  void theWholeBodyAsAPart_isCheckedAgainstTheWholeBodysChecksum() throws Exception {
    MemoryChunks good = new MemoryChunks(BODY, CHUNK);
    try (ChunkedBodyStream body = open(good); InputStream part = body.openRange(0, BODY.length)) {
      assertThat(part.readAllBytes()).isEqualTo(BODY);
    }
    assertThat(closes).as("closing the part leaves the body to its own close").isEqualTo(1);

    MemoryChunks wrongSum = new MemoryChunks(BODY, CHUNK, 12345);
    try (ChunkedBodyStream body = open(wrongSum);
        InputStream part = body.openRange(0, BODY.length)) {
      assertThatThrownBy(part::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("body checksum mismatch");
    }
    assertThat(corrupt).hasSize(1);
  }

  @Test
  void aPartShorterThanTheBody_isNotCheckedAgainstTheWholeBodysChecksum() throws Exception {
    // The documented policy (RangeReadable): each chunk read is checked, the whole body cannot be.
    MemoryChunks wrongSum = new MemoryChunks(BODY, CHUNK, 12345);
    try (ChunkedBodyStream body = open(wrongSum); InputStream part = body.openRange(1, 949)) {
      assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(BODY, 1, 950));
    }
    assertThat(corrupt).isEmpty();
  }

  @Test
  void anEmptyPart_readsNoChunk() throws Exception {
    for (long first : new long[] {0, 420, 900, 950}) {
      MemoryChunks source = new MemoryChunks(BODY, CHUNK);
      try (ChunkedBodyStream body = open(source); InputStream part = body.openRange(first, 0)) {
        assertThat(part.read()).isEqualTo(-1);
      }
      assertThat(source.fetched).as("at %d", first).containsExactly(0);
      assertThat(source.kept.get(0)[1]).as("no chunk kept").isLessThan(source.kept.get(0)[0]);
    }
  }

  @Test
  void aDamagedChunkInsideThePart_failsTheRead_andEveryLaterOne_andTellsTheStoreOnce()
      throws Exception {
    MemoryChunks source = new MemoryChunks(BODY, CHUNK);
    source.flip(5);
    try (ChunkedBodyStream body = open(source); InputStream part = body.openRange(420, 130)) {
      ByteArrayOutputStream served = new ByteArrayOutputStream();
      assertThatThrownBy(() -> part.transferTo(served))
          .isInstanceOf(CorruptEntryException.class).hasMessageContaining("chunk 5 of 10");
      assertThat(served.toByteArray()).as("only chunk 4's checked bytes")
          .isEqualTo(Arrays.copyOfRange(BODY, 420, 500));
      assertThatThrownBy(part::read).isInstanceOf(CorruptEntryException.class);
      assertThatThrownBy(body::read).as("the body stream knows too")
          .isInstanceOf(CorruptEntryException.class);
    }
    assertThat(corrupt).singleElement().asString().contains("chunk 5 of 10");
  }

  @Test
  void aMissingChunkInsideThePart_failsTheRead() throws Exception {
    MemoryChunks source = new MemoryChunks(BODY, CHUNK);
    source.stored.remove(4);
    try (ChunkedBodyStream body = open(source); InputStream part = body.openRange(420, 130)) {
      assertThatThrownBy(part::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("chunk 4 of 10 is missing");
    }
    assertThat(corrupt).hasSize(1);
  }

  @Test
  void damagedOrMissingChunksOutsideThePart_doNotMatter() throws Exception {
    MemoryChunks source = new MemoryChunks(BODY, CHUNK);
    source.flip(3);
    source.flip(6);
    source.stored.remove(9);
    try (ChunkedBodyStream body = open(source); InputStream part = body.openRange(420, 130)) {
      assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(BODY, 420, 550));
    }
    assertThat(corrupt).isEmpty();
  }

  @Test
  void skippingInsideThePart_fetchesNoChunkItPassesOver() throws Exception {
    MemoryChunks source = new MemoryChunks(BODY, CHUNK);
    try (ChunkedBodyStream body = open(source); InputStream part = body.openRange(100, 500)) {
      assertThat(part.skip(250)).isEqualTo(250);
      assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(BODY, 350, 600));
      assertThat(part.skip(10)).as("nothing left to skip").isZero();
    }
    assertThat(source.fetched).containsExactly(0, 3, 4, 5);
  }

  @Test
  void aPartIsOpenedOnce_beforeAnyRead_andInsideTheBody() throws Exception {
    MemoryChunks source = new MemoryChunks(BODY, CHUNK);
    try (ChunkedBodyStream body = open(source)) {
      assertThatThrownBy(() -> body.openRange(900, 51)).isInstanceOf(IOException.class)
          .hasMessageContaining("lies beyond the body's 950 bytes");
      InputStream part = body.openRange(10, 10);
      assertThat(body.openRange(10, 10)).as("a second part is declined").isNull();
      assertThatThrownBy(body::read).as("the body now serves through its part")
          .isInstanceOf(IllegalStateException.class);
      assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(BODY, 10, 20));
    }
    try (ChunkedBodyStream body = open(new MemoryChunks(BODY, CHUNK))) {
      body.read();
      assertThat(body.openRange(10, 10)).as("declined once a byte was read").isNull();
    }
  }

  @Test
  void anInlineBody_opensAPartOfItself() throws Exception {
    byte[] body = bytes(300);
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    ChunkManifest manifest = ChunkManifest.decode(ChunkManifest.inline(key,
        Metadata.builder().build().encode(), WriteIds.next(), body, body.length,
        ChunkManifest.crc(body, 0, body.length)), key);

    for (long[] range : new long[][] {{0, 300}, {0, 1}, {120, 77}, {299, 1}, {300, 0}}) {
      try (InputStream whole = manifest.inlineBody()) {
        assertThat(whole).isInstanceOf(RangeReadable.class);
        InputStream part = ((RangeReadable) whole).openRange(range[0], range[1]);
        assertThat(part.readAllBytes()).as("[%d, +%d)", range[0], range[1])
            .isEqualTo(Arrays.copyOfRange(body, (int) range[0], (int) (range[0] + range[1])));
      }
    }
    try (InputStream whole = manifest.inlineBody()) {
      assertThatThrownBy(() -> ((RangeReadable) whole).openRange(250, 51))
          .isInstanceOf(IOException.class);
      whole.read();
      assertThat(((RangeReadable) whole).openRange(0, 1)).as("declined once a byte was read")
          .isNull();
    }
  }

  private ChunkedBodyStream open(MemoryChunks source) throws Exception {
    return ChunkedBodyStream.open(source, source.manifest(), corrupt::add, () -> closes++);
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
