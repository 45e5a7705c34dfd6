package io.daramjwee.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.FileRegion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedBodyStreamTest {

  private static final int OFFSET = 10;

  @TempDir
  Path directory;

  private final AtomicInteger corruptions = new AtomicInteger();
  private final AtomicInteger verifiedCloses = new AtomicInteger();
  private final VerifiedBodyStream.Owner owner = new VerifiedBodyStream.Owner() {
    @Override
    public void corrupt(String reason) {
      corruptions.incrementAndGet();
    }

    @Override
    public void verified() {
      verifiedCloses.incrementAndGet();
    }

    @Override
    public FileRegion region(long start, long length) {
      return new FileRegion(directory.toAbsolutePath(), start, length);
    }
  };

  @Test
  void intactBody_readsInFull_byteByByteAndInBulk_andEndsCleanly() throws IOException {
    byte[] body = bytes(70_000);
    Path file = fileWith(body);

    try (VerifiedBodyStream in = open(file, body.length, Frame.crc(body, 0, body.length))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(in.read());
      out.write(in.readNBytes(1_000));
      in.transferTo(out);

      assertThat(out.toByteArray()).isEqualTo(body);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
    }
    assertThat(corruptions).hasValue(0);
  }

  @Test
  void zeroLengthRead_returnsZero_evenAtTheEnd() throws IOException {
    byte[] body = bytes(10);
    try (VerifiedBodyStream in = open(fileWith(body), 10, Frame.crc(body, 0, 10))) {
      assertThat(in.read(new byte[4], 0, 0)).isZero();
      in.readAllBytes();
      assertThat(in.read(new byte[4], 0, 0)).isZero();
    }
  }

  @Test
  void wrongChecksum_failsTheReadThatCompletesTheBody_andEveryLaterOne_reportingOnce()
      throws IOException {
    byte[] body = bytes(70_000);
    try (VerifiedBodyStream in = open(fileWith(body), body.length, 12345)) {
      byte[] head = in.readNBytes(body.length - 1);

      assertThat(head).hasSize(body.length - 1);
      assertThatThrownBy(in::read).isInstanceOf(CorruptEntryException.class)
          .hasMessage("body checksum mismatch");
      assertThatThrownBy(in::read).isInstanceOf(CorruptEntryException.class);
      assertThatThrownBy(in::available).isInstanceOf(CorruptEntryException.class);
    }
    assertThat(corruptions).hasValue(1);
  }

  @Test
  void emptyBodyWithAWrongChecksum_failsAtTheFirstRead() throws IOException {
    try (VerifiedBodyStream in = open(fileWith(new byte[0]), 0, 7)) {
      assertThatThrownBy(in::read).isInstanceOf(CorruptEntryException.class);
    }
    assertThat(corruptions).hasValue(1);
  }

  @Test
  void fileShorterThanTheBody_failsAsCorrupt_neverAsACleanEnd() throws IOException {
    byte[] body = bytes(1_000);
    try (VerifiedBodyStream in = open(fileWith(body), 2_000, Frame.crc(body, 0, 1_000))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("file ends at byte 1010");
    }
    assertThat(corruptions).hasValue(1);
  }

  @Test
  void closeAfterTheWholeBodyVerified_tellsTheOwner_once() throws IOException {
    byte[] body = bytes(70_000);
    VerifiedBodyStream in = open(fileWith(body), body.length, Frame.crc(body, 0, body.length));
    in.readAllBytes();

    in.close();
    in.close();

    assertThat(verifiedCloses).hasValue(1);
  }

  @Test
  void closeBeforeTheEnd_orAfterACorruptBody_tellsTheOwnerNothing() throws IOException {
    byte[] body = bytes(70_000);
    try (VerifiedBodyStream in = open(fileWith(body), body.length,
        Frame.crc(body, 0, body.length))) {
      in.readNBytes(body.length - 1);
    }
    try (VerifiedBodyStream in = open(fileWith(body), body.length, 12345)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(CorruptEntryException.class);
    }

    assertThat(verifiedCloses).hasValue(0);
  }

  @Test
  void fileRegion_isAskedOfTheOwnerForTheBodysExtent_onlyBeforeAnyRead() throws IOException {
    byte[] body = bytes(1_000);
    try (VerifiedBodyStream in = open(fileWith(body), 1_000, Frame.crc(body, 0, 1_000))) {
      assertThat(in.fileRegion()).isEqualTo(
          new FileRegion(directory.toAbsolutePath(), OFFSET, 1_000));
      in.read();
      assertThat(in.fileRegion()).isNull();
    }
  }

  @Test
  void readAfterClose_fails() throws IOException {
    byte[] body = bytes(10);
    VerifiedBodyStream in = open(fileWith(body), 10, Frame.crc(body, 0, 10));
    in.close();

    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("stream closed");
  }

  private VerifiedBodyStream open(Path file, long length, int crc) throws IOException {
    return new VerifiedBodyStream(FileChannel.open(file, StandardOpenOption.READ), OFFSET, length,
        crc, owner);
  }

  /** A file holding {@code body} after {@link #OFFSET} bytes of something else. */
  private Path fileWith(byte[] body) throws IOException {
    byte[] file = new byte[OFFSET + body.length];
    System.arraycopy(body, 0, file, OFFSET, body.length);
    return Files.write(Files.createTempFile(directory, "body", ".bin"), file);
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
