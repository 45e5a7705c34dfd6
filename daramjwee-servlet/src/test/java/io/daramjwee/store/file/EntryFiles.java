package io.daramjwee.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Damages and inspects a {@link FileStore}'s files behind its back, knowing {@link Frame}. */
final class EntryFiles {

  private EntryFiles() {}

  /** Where the body of an entry file starts. */
  static long bodyOffset(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer prefix = ByteBuffer.allocate(Frame.PREFIX_LENGTH);
      channel.read(prefix, 0);
      return Frame.headerLength(prefix.getInt(5), prefix.getInt(9));
    }
  }

  static long bodyLength(Path file) throws IOException {
    return Files.size(file) - bodyOffset(file) - Frame.TRAILER_LENGTH;
  }

  /** Inverts one byte in the middle of the body. */
  static void flipBodyByte(Path file) throws IOException {
    flipByte(file, bodyOffset(file) + bodyLength(file) / 2);
  }

  static void flipByte(Path file, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      channel.read(b, position);
      b.put(0, (byte) ~b.get(0)).rewind();
      channel.write(b, position);
    }
  }

  static void truncate(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
    }
  }

  /** Every regular file under {@code directory}, at any depth, but the store's lock file. */
  static List<Path> filesUnder(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(DirectoryLock.FILE_NAME)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The temp files of writes in progress or left behind. */
  static List<Path> tempFiles(Path directory) {
    return filesUnder(directory).stream()
        .filter(p -> p.getFileName().toString().endsWith(FileNames.TEMP_SUFFIX)).toList();
  }

  /** The sum of the sizes of the committed entry files on disk. */
  static long entryBytes(Path directory) {
    return filesUnder(directory).stream()
        .filter(p -> p.getFileName().toString().endsWith(FileNames.ENTRY_SUFFIX))
        .mapToLong(p -> {
          try {
            return Files.size(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).sum();
  }
}
