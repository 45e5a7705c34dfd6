package io.daramjwee.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Damages stores' files behind their backs, as a failing disk or a stray write would: it knows
 * only what is on disk. For a {@code FileStore} it reads the frame the store documents (magic,
 * version, key length at offset 5, metadata length at 9, header CRC, body, 16-byte trailer); for
 * anything else it finds a run of known body bytes in whatever files the store keeps. Stateless.
 */
public final class DiskBytes {

  private static final int PREFIX = 13;
  private static final int HEADER_CRC = 4;
  private static final int TRAILER = 16;

  private DiskBytes() {}

  /** The FileStore entry file ({@code *.dat}) under {@code directory} whose key holds {@code path}. */
  static Path entryFileOf(Path directory, String path) throws IOException {
    byte[] wanted = path.getBytes(StandardCharsets.UTF_8);
    List<Path> matches = files(directory).stream()
        .filter(p -> p.getFileName().toString().endsWith(".dat"))
        .filter(p -> indexOf(key(p), wanted) >= 0).toList();
    if (matches.size() != 1) {
      throw new AssertionError("expected one entry file for " + path + ": " + matches);
    }
    return matches.get(0);
  }

  /** Whether {@code file} holds {@code bytes} anywhere, unbroken. */
  static boolean holds(Path file, byte[] bytes) throws IOException {
    return indexOf(Files.readAllBytes(file), bytes) >= 0;
  }

  /** Inverts the byte in the middle of a FileStore entry file's body. */
  static void flipBodyByte(Path entryFile) throws IOException {
    try (FileChannel channel = FileChannel.open(entryFile, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer prefix = ByteBuffer.allocate(PREFIX);
      channel.read(prefix, 0);
      long bodyStart = PREFIX + (long) prefix.getInt(5) + prefix.getInt(9) + HEADER_CRC;
      long bodyLength = channel.size() - bodyStart - TRAILER;
      flip(channel, bodyStart + bodyLength / 2);
    }
  }

  /**
   * Inverts the middle byte of the first place {@code run} occurs in any file under
   * {@code directory}; false when it occurs nowhere (not written to disk yet).
   */
  public static boolean flipWhereFound(Path directory, byte[] run) throws IOException {
    for (Path file : files(directory)) {
      byte[] content = Files.readAllBytes(file);
      int at = indexOf(content, run);
      if (at >= 0) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
          flip(channel, at + run.length / 2);
        }
        return true;
      }
    }
    return false;
  }

  private static void flip(FileChannel channel, long position) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    channel.read(b, position);
    b.put(0, (byte) ~b.get(0)).rewind();
    channel.write(b, position);
    channel.force(false);
  }

  private static byte[] key(Path entryFile) {
    try (FileChannel channel = FileChannel.open(entryFile, StandardOpenOption.READ)) {
      ByteBuffer prefix = ByteBuffer.allocate(PREFIX);
      channel.read(prefix, 0);
      ByteBuffer key = ByteBuffer.allocate(prefix.getInt(5));
      channel.read(key, PREFIX);
      return key.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** {@code length} bytes of {@code body} from {@code from}. */
  public static byte[] run(byte[] body, int from, int length) {
    return Arrays.copyOfRange(body, from, from + length);
  }
}
