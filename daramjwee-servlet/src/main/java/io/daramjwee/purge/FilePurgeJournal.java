package io.daramjwee.purge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PurgeJournal} in one file, {@code purges.journal}, in a directory of its own. The file
 * is UTF-8 text, one record per line:
 *
 * <pre>
 * &lt;crc&gt; &lt;mark&gt;\n
 *
 * crc:  the CRC32 of the mark's UTF-8 bytes, 8 lowercase hex digits
 * mark: {@link PurgeMark#encode()}, e.g.
 *       m1 3fa2c1d09e4b-7 TAG soft 2025-01-01T10:00:00Z 2025-01-02T10:00:00Z product:42
 * </pre>
 *
 * <p>An append writes one line and forces it to disk before returning. A line whose checksum
 * does not match (a crash tore it, or the disk damaged it) or that does not decode is skipped by
 * {@link #load()}, which logs how many it skipped; the other lines load. A crash that tears the
 * last line leaves it without its line break: the next open ends it, so later appends start a
 * line of their own.
 *
 * <p>{@link #compact} writes {@code purges.journal.tmp} beside the journal, forces it, renames it
 * over the journal atomically and forces the directory: a crash leaves either the old journal or
 * the new one, and a temp file left by a crash is never read, only overwritten by the next
 * compaction. On a file system that refuses atomic renames the rename replaces the journal
 * non-atomically.
 *
 * <p>Thread-safe: every method holds one lock, so appends are serialized and never interleave
 * with a compaction. After {@link #close()} every method but {@link #describe()} throws
 * {@code IOException("closed")}.
 */
public final class FilePurgeJournal implements PurgeJournal {

  private static final Logger LOG = LoggerFactory.getLogger(FilePurgeJournal.class);
  private static final String FILE_NAME = "purges.journal";
  private static final String TEMP_NAME = FILE_NAME + ".tmp";
  private static final int CRC_HEX = 8;
  private static final HexFormat HEX = HexFormat.of();

  private final Path directory;
  private final Path file;
  private final Object lock = new Object();
  /** Open between appends; null after a failed reopen, opened again by the next append. */
  private FileChannel channel;
  /** A failed append may have left part of a line: the next append ends it first. */
  private boolean tornTail;
  private boolean closed;

  private FilePurgeJournal(Path directory) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
  }

  /**
   * A journal in {@code directory}, created if it does not exist, with its file opened for
   * appends.
   *
   * @throws IOException naming the path when it is not a directory, is not writable, or the
   *     journal file cannot be opened
   */
  public static FilePurgeJournal in(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new IOException("purge journal directory is not a directory: " + directory);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IOException("cannot create purge journal directory " + directory + ": " + e, e);
    }
    if (!Files.isWritable(directory)) {
      throw new IOException("purge journal directory is not writable: " + directory);
    }
    FilePurgeJournal journal = new FilePurgeJournal(directory);
    synchronized (journal.lock) {
      journal.open();
    }
    return journal;
  }

  @Override
  public List<PurgeMark> load() throws IOException {
    byte[] bytes;
    synchronized (lock) {
      checkOpen();
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return List.of();
      }
    }
    List<PurgeMark> marks = new ArrayList<>();
    int skipped = 0;
    int start = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      // a last line without its line break is read too: its checksum tells whether it is whole
      PurgeMark mark = parse(bytes, start, end < 0 ? bytes.length : end);
      if (mark == null) {
        skipped++;
      } else {
        marks.add(mark);
      }
      start = end < 0 ? bytes.length : end + 1;
    }
    if (skipped > 0) {
      LOG.warn("skipped {} damaged purge journal records in {}; {} loaded", skipped, file,
          marks.size());
    }
    return marks;
  }

  @Override
  public void append(PurgeMark mark) throws IOException {
    byte[] line = line(mark);
    synchronized (lock) {
      checkOpen();
      if (channel == null) {
        open();
      }
      long start = channel.position();
      try {
        if (tornTail) {
          writeFully(channel, new byte[] {'\n'});
        }
        writeFully(channel, line);
        channel.force(false);
        tornTail = false;
      } catch (IOException | RuntimeException e) {
        rollBack(start, e);
        throw e;
      }
    }
  }

  @Override
  public void compact(Collection<PurgeMark> live) throws IOException {
    List<byte[]> lines = new ArrayList<>(live.size());
    for (PurgeMark mark : live) {
      lines.add(line(mark));
    }
    synchronized (lock) {
      checkOpen();
      Path temp = directory.resolve(TEMP_NAME);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        for (byte[] line : lines) {
          writeFully(out, line);
        }
        out.force(true);
      }
      closeChannel();
      try {
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException | RuntimeException e) {
        reopenAfter(e); // the old journal, unchanged
        throw e;
      }
      forceDirectory();
      open();
    }
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeChannel();
    }
  }

  // ---- internals: the caller holds the lock ----

  private void open() throws IOException {
    FileChannel opened;
    try {
      opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException("cannot open purge journal " + file + ": " + e, e);
    }
    try {
      long size = opened.size();
      opened.position(size);
      tornTail = size > 0 && lastByte(opened, size) != '\n';
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
    channel = opened;
  }

  /** Reopens the journal after {@code cause}; failing that, the next append opens it. */
  private void reopenAfter(Exception cause) {
    try {
      open();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Takes a failed append's bytes back, or failing that, has the next append end its line. */
  private void rollBack(long start, Exception cause) {
    try {
      channel.truncate(start);
      channel.position(start);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
      tornTail = true;
    }
  }

  private void closeChannel() throws IOException {
    FileChannel c = channel;
    channel = null;
    if (c != null) {
      c.close();
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
  }

  /** Makes the rename durable, where the platform can open a directory (Windows cannot). */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  private static byte[] line(PurgeMark mark) {
    byte[] encoded = mark.encode().getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[CRC_HEX + 1 + encoded.length + 1];
    byte[] crc = HEX.toHexDigits((int) crc(encoded, 0, encoded.length))
        .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(crc, 0, line, 0, CRC_HEX);
    line[CRC_HEX] = ' ';
    System.arraycopy(encoded, 0, line, CRC_HEX + 1, encoded.length);
    line[line.length - 1] = '\n';
    return line;
  }

  /** The mark on {@code bytes[from, to)}, or null when the line is damaged. */
  private static PurgeMark parse(byte[] bytes, int from, int to) {
    int body = from + CRC_HEX + 1;
    if (to < body || bytes[from + CRC_HEX] != ' ') {
      return null;
    }
    long expected;
    try {
      expected = Integer.toUnsignedLong(HEX.fromHexDigits(
          new String(bytes, from, CRC_HEX, StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (crc(bytes, body, to - body) != expected) {
      return null;
    }
    try {
      return PurgeMark.decode(new String(bytes, body, to - body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      LOG.debug("purge journal record does not decode: {}", e.getMessage());
      return null;
    }
  }

  private static long crc(byte[] bytes, int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, length);
    return crc.getValue();
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static byte lastByte(FileChannel channel, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    while (one.hasRemaining()) {
      if (channel.read(one, size - 1 + one.position()) < 0) {
        throw new IOException("purge journal shrank while opening");
      }
    }
    return one.get(0);
  }

  private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
