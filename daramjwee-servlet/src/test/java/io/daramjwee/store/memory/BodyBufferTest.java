package io.daramjwee.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyBufferTest {

  @Test
  void toBlocks_empty_isNoBlocks() {
    assertThat(new BodyBuffer(100).toBlocks()).isEmpty();
  }

  @Test
  void toBlocks_fourKibibytesInSmallPieces_isOneExactArray() {
    byte[] body = random(4_096);

    byte[][] blocks = write(new BodyBuffer(1 << 20), body, 100).toBlocks();

    assertThat(blocks).hasNumberOfRows(1);
    assertThat(blocks[0]).isEqualTo(body);
  }

  @Test
  void toBlocks_bodyUpToMaxBlockSpanningSeveralBlocks_isOneExactArray() {
    byte[] body = random(BodyBuffer.MAX_BLOCK);

    byte[][] blocks = write(new BodyBuffer(1 << 20), body, 1_000).toBlocks();

    assertThat(blocks).hasNumberOfRows(1);
    assertThat(blocks[0]).isEqualTo(body);
  }

  @Test
  void toBlocks_largeBody_keepsBoundedBlocksAndTrimsTheLast() {
    byte[] body = random(1_000_003);

    byte[][] blocks = write(new BodyBuffer(1 << 21), body, 8_192).toBlocks();

    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] block : blocks) {
      assertThat(block.length).isBetween(1, BodyBuffer.MAX_BLOCK);
      joined.writeBytes(block);
    }
    assertThat(joined.toByteArray()).isEqualTo(body);
  }

  @Test
  void write_growsBlocksByDoubling() {
    BodyBuffer buffer = write(new BodyBuffer(1 << 20), random(BodyBuffer.MIN_BLOCK + 1), 1);

    assertThat(buffer.allocated()).isEqualTo(BodyBuffer.MIN_BLOCK * 3L);
  }

  @Test
  void write_underASmallLimit_neverAllocatesPastTheLimit() {
    BodyBuffer buffer = write(new BodyBuffer(100), random(100), 7);

    assertThat(buffer.allocated()).isEqualTo(100);
    assertThat(buffer.toBlocks()[0]).hasSize(100);
  }

  @Test
  void write_pastTheLimit_dropsTheBlocksAndKeepsCounting() {
    BodyBuffer buffer = write(new BodyBuffer(10_000), random(8_000), 1_000);

    write(buffer, random(3_000), 1_000);

    assertThat(buffer.overflowed()).isTrue();
    assertThat(buffer.allocated()).isZero();
    assertThat(buffer.length()).isEqualTo(11_000);
    assertThatThrownBy(buffer::toBlocks).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void overflowed_negativeLimit_isTrueEvenWhenEmpty() {
    assertThat(new BodyBuffer(-1).overflowed()).isTrue();
  }

  private static BodyBuffer write(BodyBuffer buffer, byte[] body, int piece) {
    for (int at = 0; at < body.length; at += piece) {
      buffer.write(body, at, Math.min(piece, body.length - at));
    }
    return buffer;
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
