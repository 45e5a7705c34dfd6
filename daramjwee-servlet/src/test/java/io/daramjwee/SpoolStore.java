package io.daramjwee;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

/**
 * A minimal disk-backed store for tests that move objects larger than the test heap: one file per
 * key ({@code int metadata length, metadata, body}), written to a temp file and renamed on commit.
 * No checksum, no capacity, no index: the real FileStore is a separate piece of work. Thread-safe
 * as far as rename is atomic.
 */
final class SpoolStore implements Store {

  private final Path dir;

  SpoolStore(Path dir) {
    try {
      this.dir = Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(String key) {
    return dir.resolve(HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    InputStream in;
    try {
      in = new BufferedInputStream(Files.newInputStream(file(key)), 64 * 1024);
    } catch (NoSuchFileException e) {
      return null;
    }
    DataInputStream data = new DataInputStream(in);
    byte[] meta = new byte[data.readInt()];
    data.readFully(meta);
    return new StoredEntry(Metadata.decode(meta), in);
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    Path temp = Files.createTempFile(dir, "spool", ".tmp");
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024);
    byte[] meta = metadata.encode();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(meta.length);
    data.write(meta);
    return new StoreWriter() {
      @Override
      protected void doWrite(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      protected void doCommit() throws IOException {
        out.close();
        Files.move(temp, file(key), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }

      @Override
      protected void doAbort() {
        try {
          out.close();
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a test store: a leftover temp file is harmless
        }
      }
    };
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  @Override
  public Metadata stat(String key) throws IOException {
    StoredEntry entry = getStream(key);
    if (entry == null) {
      return null;
    }
    try (entry) {
      return entry.metadata();
    }
  }
}
