package io.daramjwee.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * The character side of a miss: encodes what the controller writes straight into the tee, holding
 * back nothing but half of a surrogate pair. An encoder that buffered (as
 * {@code OutputStreamWriter} does, 8 KiB) would keep bytes from both the client and the cache until
 * a flush nobody may call, and would let {@code resetBuffer()} leave them behind. Used by one
 * thread at a time, like any servlet writer.
 */
final class TeeWriter extends Writer {

  private final OutputStream out;
  private final CharsetEncoder encoder;
  private final ByteBuffer bytes = ByteBuffer.allocate(1024);
  private char pendingHigh; // a high surrogate whose low half has not been written yet
  private boolean hasPending;

  TeeWriter(OutputStream out, Charset charset) {
    this.out = out;
    this.encoder = charset.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  @Override
  public void write(char[] chars, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    CharBuffer in;
    if (hasPending) {
      in = CharBuffer.allocate(len + 1).put(pendingHigh).put(chars, off, len).flip();
      hasPending = false;
    } else {
      in = CharBuffer.wrap(chars, off, len);
    }
    encode(in, false);
    if (in.hasRemaining()) {
      pendingHigh = in.get(); // the encoder waits for the rest of a pair
      hasPending = true;
    }
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    char[] chars = new char[len];
    s.getChars(off, off + len, chars, 0);
    write(chars, 0, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (hasPending) {
      hasPending = false;
      encode(CharBuffer.wrap(new char[] {pendingHigh}), true);
    }
    out.close();
  }

  private void encode(CharBuffer in, boolean endOfInput) throws IOException {
    while (true) {
      CoderResult result = encoder.encode(in, bytes, endOfInput);
      drain();
      if (result.isUnderflow()) {
        return;
      }
    }
  }

  private void drain() throws IOException {
    if (bytes.position() > 0) {
      out.write(bytes.array(), 0, bytes.position());
      bytes.clear();
    }
  }
}
