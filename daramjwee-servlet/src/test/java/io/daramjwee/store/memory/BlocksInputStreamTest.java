package io.daramjwee.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BlocksInputStreamTest {

  private static final byte[][] BLOCKS = {{0, 1, 2}, {3}, {4, 5, 6, 7}};
  private static final byte[] ALL = {0, 1, 2, 3, 4, 5, 6, 7};

  @Test
  void read_singleBytes_crossesBlocksThenReturnsMinusOne() throws IOException {
    BlocksInputStream in = stream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    for (int b = in.read(); b != -1; b = in.read()) {
      out.write(b);
    }

    assertThat(out.toByteArray()).isEqualTo(ALL);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void read_highByte_isUnsigned() throws IOException {
    assertThat(new BlocksInputStream(new byte[][] {{(byte) 0xff}}, 1).read()).isEqualTo(255);
  }

  @Test
  void read_array_fillsAcrossBlocksThenReturnsMinusOne() throws IOException {
    BlocksInputStream in = stream();
    byte[] buffer = new byte[10];

    assertThat(in.read(buffer, 1, 5)).isEqualTo(5);
    assertThat(in.read(buffer, 6, 4)).isEqualTo(3);

    assertThat(buffer).containsExactly(0, 0, 1, 2, 3, 4, 5, 6, 7, 0);
    assertThat(in.read(buffer, 0, 4)).isEqualTo(-1);
    assertThat(in.read(buffer, 0, 0)).isZero();
  }

  @Test
  void skip_crossesBlocks_andStopsAtTheEnd() throws IOException {
    BlocksInputStream in = stream();

    assertThat(in.skip(4)).isEqualTo(4);
    assertThat(in.available()).isEqualTo(4);
    assertThat(in.read()).isEqualTo(4);
    assertThat(in.skip(100)).isEqualTo(3);
    assertThat(in.skip(1)).isZero();
  }

  @Test
  void transferTo_afterAPartialRead_writesTheRest() throws IOException {
    BlocksInputStream in = stream();
    in.read(new byte[2]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(in.transferTo(out)).isEqualTo(6);

    assertThat(out.toByteArray()).containsExactly(2, 3, 4, 5, 6, 7);
  }

  @Test
  void read_emptyBody_returnsMinusOne() throws IOException {
    assertThat(new BlocksInputStream(new byte[0][], 0).read()).isEqualTo(-1);
  }

  @Test
  void read_afterClose_throws() {
    BlocksInputStream in = stream();
    in.close();
    in.close();

    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("stream closed");
    assertThatThrownBy(() -> in.read(new byte[1])).isInstanceOf(IOException.class);
  }

  private static BlocksInputStream stream() {
    return new BlocksInputStream(BLOCKS, ALL.length);
  }
}
