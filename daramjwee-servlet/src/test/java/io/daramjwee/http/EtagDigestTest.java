package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EtagDigestTest {

  private static String tagOf(byte[] body, int chunk) {
    EtagDigest d = new EtagDigest();
    for (int off = 0; off < body.length; off += chunk) {
      d.update(body, off, Math.min(chunk, body.length - off));
    }
    return d.etag();
  }

  private static byte[] body(int length) {
    byte[] b = new byte[length];
    new Random(length).nextBytes(b);
    return b;
  }

  @Test
  void etag_ofEmptyBody_isSha256OfNothingTruncated() {
    // SHA-256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924 ...; its first 16 bytes in base64url:
    assertThat(new EtagDigest().etag()).isEqualTo("\"47DEQpj8HBSa-_TImW-5JA\"");
  }

  @Test
  void etag_isAQuotedStrongTag() {
    assertThat(tagOf("hello".getBytes(StandardCharsets.UTF_8), 5))
        .matches("\"[A-Za-z0-9_-]{22}\"").doesNotStartWith("W/");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 64, 4095, 4096, 100_000})
  void etag_chunkingDoesNotMatter(int chunk) {
    byte[] body = body(10_000);
    assertThat(tagOf(body, chunk)).isEqualTo(tagOf(body, body.length));
  }

  @Test
  void etag_equalBytes_giveEqualTags() {
    assertThat(tagOf(body(5000), 100)).isEqualTo(tagOf(body(5000), 333));
  }

  static Stream<Arguments> changes() {
    byte[] base = body(1000);
    byte[] flipped = base.clone();
    flipped[500] ^= 1;
    byte[] lastFlipped = base.clone();
    lastFlipped[999] ^= (byte) 0x80;
    byte[] longer = java.util.Arrays.copyOf(base, 1001);
    byte[] shorter = java.util.Arrays.copyOf(base, 999);
    return Stream.of(
        Arguments.of("one bit in the middle", base, flipped),
        Arguments.of("top bit of the last byte", base, lastFlipped),
        Arguments.of("a trailing zero byte", base, longer),
        Arguments.of("one byte fewer", base, shorter),
        Arguments.of("empty vs one zero byte", new byte[0], new byte[1]));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void changes(String why, byte[] a, byte[] b) {
    assertThat(tagOf(a, 64)).isNotEqualTo(tagOf(b, 64));
  }

  @Test
  void update_respectsOffsetAndLength() {
    byte[] framed = "xxhelloyy".getBytes(StandardCharsets.UTF_8);
    EtagDigest d = new EtagDigest();
    d.update(framed, 2, 5);
    assertThat(d.etag()).isEqualTo(tagOf("hello".getBytes(StandardCharsets.UTF_8), 1));
  }

  @Test
  void etag_isStable_andUpdateAfterItIsRejected() {
    EtagDigest d = new EtagDigest();
    d.update(new byte[] {1}, 0, 1);
    String tag = d.etag();
    assertThat(d.etag()).isEqualTo(tag);
    assertThatThrownBy(() -> d.update(new byte[] {2}, 0, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void update_outOfRange_isRejected() {
    assertThatThrownBy(() -> new EtagDigest().update(new byte[4], 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
