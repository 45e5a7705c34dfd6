package io.daramjwee.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The FIPS 180-2 test vectors, and that one thread's digest is reused cleanly. */
class Sha256Test {

  @Test
  void knownVectors_inLowerCaseHex_twiceOnOneThread() {
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(abc);
    assertThat(Sha256.hex(new byte[0])).isEqualTo(empty);
    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(abc);
  }
}
