package io.daramjwee.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChecksummedInputStreamTest {

  /** The failure a store would use for a corrupt body; not a plain IOException. */
  static final class Corrupt extends IOException {
    Corrupt(String message) {
      super(message);
    }
  }

  /**
   * A body of {@code length} bytes read from {@code source}, expected to have {@code expectedCrc};
   * records what the base asks of it.
   */
  static final class ArrayStream extends ChecksummedInputStream {
    final byte[] source;
    final int expectedCrc;
    final List<String> corruptions = new ArrayList<>();
    int largestAsk;
    int verifies;
    int closes;
    int checkFailuresLeft;

    ArrayStream(byte[] source, long length, int expectedCrc) {
      super(length, Corrupt::new);
      this.source = source;
      this.expectedCrc = expectedCrc;
    }

    @Override
    protected int readBody(byte[] b, int off, int len) {
      largestAsk = Math.max(largestAsk, len);
      int from = (int) position();
      if (from == source.length) {
        return -1;
      }
      int n = Math.min(len, Math.min(source.length - from, 777)); // a source of short reads
      System.arraycopy(source, from, b, off, n);
      return n;
    }

    @Override
    protected int expectedCrc() throws IOException {
      verifies++;
      if (checkFailuresLeft > 0) {
        checkFailuresLeft--;
        throw new IOException("the trailer could not be read");
      }
      return expectedCrc;
    }

    @Override
    protected String mismatch() {
      return "checksum mismatch";
    }

    @Override
    protected void onCorrupt(String reason) {
      corruptions.add(reason);
    }

    @Override
    protected void closeSource() {
      closes++;
    }
  }

  /** Takes the body in blocks of {@code block} bytes and serves from them, as a chunked store. */
  static final class BlockStream extends ChecksummedInputStream {
    final byte[] source;
    final int block;
    final int expectedCrc;
    byte[] current = new byte[0];
    int taken;
    int served;

    BlockStream(byte[] source, int block, int expectedCrc) {
      super(source.length, Corrupt::new);
      this.source = source;
      this.block = block;
      this.expectedCrc = expectedCrc;
    }

    @Override
    protected int readBody(byte[] b, int off, int len) throws IOException {
      if (served == current.length) {
        int next = Math.min(block, source.length - taken);
        current = Arrays.copyOfRange(source, taken, taken + next);
        taken += next;
        served = 0;
        checksumAhead(current, 0, next);
      }
      int n = Math.min(len, current.length - served);
      System.arraycopy(current, served, b, off, n);
      served += n;
      return n;
    }

    @Override
    protected int expectedCrc() {
      return expectedCrc;
    }

    @Override
    protected void onCorrupt(String reason) {}

    @Override
    protected void closeSource() {}
  }

  @Test
  void read_intactBody_deliversItByteByByteAndInBulk_thenEndsCleanly() throws IOException {
    byte[] body = bytes(70_000);
    try (ArrayStream in = new ArrayStream(body, body.length, crc(body, body.length))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(in.read());
      assertThat(in.read(new byte[4], 2, 0)).as("an empty read").isZero();
      out.write(in.readNBytes(1_000));
      in.transferTo(out);

      assertThat(out.toByteArray()).isEqualTo(body);
      assertThat(in.read(new byte[4], 2, 0)).as("an empty read at the end").isZero();
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
      assertThat(in.verifies).as("checked once, however often the end is read").isEqualTo(1);
      assertThat(in.corruptions).isEmpty();
    }
  }

  @Test
  void read_sourceLongerThanTheBody_isNeverAskedPastTheBodysLength() throws IOException {
    byte[] source = bytes(5_000);
    try (ArrayStream in = new ArrayStream(source, 100, crc(source, 100))) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(source, 100));
      assertThat(in.largestAsk).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void read_wrongChecksum_failsTheReadThatCompletesTheBody_andEveryLaterOne_reportingOnce()
      throws IOException {
    byte[] body = bytes(70_000);
    try (ArrayStream in = new ArrayStream(body, body.length, 12345)) {
      assertThat(in.readNBytes(body.length - 1)).hasSize(body.length - 1);

      assertThatThrownBy(in::read).isInstanceOf(Corrupt.class).hasMessage("checksum mismatch");
      assertThatThrownBy(in::read).isInstanceOf(Corrupt.class).hasMessage("checksum mismatch");
      assertThat(in.corruptions).containsExactly("checksum mismatch");
    }
  }

  @Test
  void skip_readsTheSkippedBytes_soTheyAreChecked() throws IOException {
    byte[] body = bytes(10_000);
    try (ArrayStream in = new ArrayStream(body, body.length, 12345)) {
      assertThatThrownBy(() -> in.skip(body.length)).isInstanceOf(Corrupt.class);
    }
  }

  @Test
  void read_emptyBodyWithAWrongChecksum_failsAtTheFirstRead() throws IOException {
    try (ArrayStream in = new ArrayStream(new byte[0], 0, 7)) {
      assertThatThrownBy(in::read).isInstanceOf(Corrupt.class);
      assertThat(in.corruptions).hasSize(1);
    }
  }

  @Test
  void read_sourceShorterThanTheBody_failsAsCorrupt_neverAsACleanEnd() throws IOException {
    byte[] body = bytes(1_000);
    try (ArrayStream in = new ArrayStream(body, 2_000, crc(body, 1_000))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(Corrupt.class)
          .hasMessage("the body ends at byte 1000, before its length 2000");
      assertThat(in.corruptions).hasSize(1);
    }
  }

  @Test
  void read_checkThatCannotBeMade_failsWithoutMarkingCorrupt_andIsTriedAgainAtTheEnd()
      throws IOException {
    byte[] body = bytes(1_000);
    try (ArrayStream in = new ArrayStream(body, body.length, crc(body, body.length))) {
      in.checkFailuresLeft = 1;
      assertThat(in.readNBytes(999)).hasSize(999);

      assertThatThrownBy(in::read).isExactlyInstanceOf(IOException.class)
          .hasMessage("the trailer could not be read");
      assertThat(in.read()).as("the end, checked this time").isEqualTo(-1);
      assertThat(in.verifies).isEqualTo(2);
      assertThat(in.corruptions).isEmpty();
    }
  }

  @Test
  void read_blocksTakenAhead_deliverTheBodyWhole_checkedOnce() throws IOException {
    byte[] body = bytes(10_500);
    try (BlockStream in = new BlockStream(body, 1_000, crc(body, body.length))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(in.read());
      in.transferTo(out);

      assertThat(out.toByteArray()).isEqualTo(body);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void checksumAhead_blockThatCompletesAWrongBody_failsBeforeAnyOfItIsServed() throws IOException {
    byte[] body = bytes(10_500);
    try (BlockStream in = new BlockStream(body, 1_000, 12345)) {
      assertThat(in.readNBytes(10_000)).isEqualTo(Arrays.copyOf(body, 10_000));

      assertThatThrownBy(in::read).isInstanceOf(Corrupt.class)
          .hasMessage("body checksum mismatch");
      assertThatThrownBy(in::read).isInstanceOf(Corrupt.class);
    }
  }

  @Test
  void checksumAhead_pastTheBodysLength_isAnError() throws IOException {
    try (BlockStream in = new BlockStream(bytes(10), 4, 0)) {
      assertThatThrownBy(() -> in.checksumAhead(new byte[11], 0, 11))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("11 bytes ahead run past the body's length 10 at 0");
    }
  }

  @Test
  void close_releasesTheSourceOnce_andLaterReadsFail() throws IOException {
    byte[] body = bytes(10);
    ArrayStream in = new ArrayStream(body, 10, crc(body, 10));
    in.close();
    in.close();

    assertThat(in.closes).isEqualTo(1);
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("stream closed");
  }

  @Test
  void constructor_negativeLength_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> new ArrayStream(new byte[0], -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must not be negative: -1");
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
