package io.daramjwee.store.ehcache;

import io.daramjwee.InvalidSettingException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configures an {@link EhcacheStore}: either the pools' sizes here, or a user's own Ehcache XML
 * ({@link #xmlConfiguration}). Each setter checks its value at once; {@link #build()} checks how
 * they combine; a rejected setting is an {@link InvalidSettingException} naming it. Sizes are in
 * bytes.
 *
 * <pre>{@code
 * EhcacheStore.builder().heapSize(64L << 20).build();                    // heap only
 * EhcacheStore.builder().heapSize(64L << 20).offHeapSize(1L << 30)
 *     .diskSize(8L << 30).directory(Path.of("/var/cache/app")).build();  // three tiers
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class EhcacheStoreBuilder {

  /** Default {@link #chunkSize}: 128 KiB. */
  public static final int DEFAULT_CHUNK_SIZE = 128 * 1024;
  /** Default {@link #inlineThreshold}: 16 KiB. */
  public static final int DEFAULT_INLINE_THRESHOLD = 16 * 1024;
  public static final int MIN_CHUNK_SIZE = 4 * 1024;
  public static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;

  private long heapSize;
  private long offHeapSize;
  private long diskSize;
  private Path directory;
  private boolean persistent = true;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private int inlineThreshold = -1; // unset: the default, or the chunk size if smaller
  private long maxPinnedBytes = -1; // unset: the heap pool's bytes
  private URL xml;
  private String alias;

  EhcacheStoreBuilder() {}

  /**
   * The most bytes of values the heap pool holds; required unless {@link #xmlConfiguration} is
   * used. Held as {@code heapSize / chunkSize} entries, since Ehcache's byte-sized heap needs
   * reflective access JDK 17 denies; so a heap of small entries holds fewer bytes than this.
   */
  public EhcacheStoreBuilder heapSize(long bytes) {
    this.heapSize = positive("heapSize", bytes);
    return this;
  }

  /** The bytes of the off-heap pool (direct memory, serialized); none by default. */
  public EhcacheStoreBuilder offHeapSize(long bytes) {
    this.offHeapSize = positive("offHeapSize", bytes);
    return this;
  }

  /** The bytes of the disk pool; none by default. Needs a {@link #directory}. */
  public EhcacheStoreBuilder diskSize(long bytes) {
    this.diskSize = positive("diskSize", bytes);
    return this;
  }

  /**
   * Where Ehcache keeps the disk pool; required with {@link #diskSize}. Ehcache locks it: one
   * store per directory at a time.
   */
  public EhcacheStoreBuilder directory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Whether the disk pool keeps its entries across a clean {@code close()} and a restart on the
   * same directory with the same sizes; default {@code true}. A crash loses them: Ehcache
   * discards a disk pool that was not closed cleanly.
   */
  public EhcacheStoreBuilder persistent(boolean persistent) {
    this.persistent = persistent;
    return this;
  }

  /**
   * Bytes per chunk of a body above the inline threshold, {@value #MIN_CHUNK_SIZE} to
   * {@value #MAX_CHUNK_SIZE}; default {@value #DEFAULT_CHUNK_SIZE}. A reader holds one chunk at a
   * time; larger chunks mean fewer cache operations per body.
   */
  public EhcacheStoreBuilder chunkSize(int bytes) {
    if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
      throw new InvalidSettingException("chunkSize", bytes, "chunkSize must be between "
          + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + ": " + bytes);
    }
    this.chunkSize = bytes;
    return this;
  }

  /**
   * The largest body stored inside its manifest, read in one cache operation; 0 to the chunk
   * size; default {@value #DEFAULT_INLINE_THRESHOLD}, or the chunk size if that is smaller.
   */
  public EhcacheStoreBuilder inlineThreshold(int bytes) {
    if (bytes < 0) {
      throw new InvalidSettingException("inlineThreshold", bytes,
          "inlineThreshold must not be negative: " + bytes);
    }
    this.inlineThreshold = bytes;
    return this;
  }

  /**
   * The most bytes of chunks that open readers may hold pinned at once, so that no eviction cuts
   * a reader short; default: the heap pool's bytes ({@link #heapSize}, or with
   * {@link #xmlConfiguration} the XML's heap pool, entries times {@link #chunkSize}).
   *
   * <p>A reader of a chunked body pins its chunks when it opens: with the heap pool alone that is
   * a reference to each, and costs heap only for chunks evicted while it reads; with an off-heap
   * or disk pool it is a copy of the body. So the store's heap is at worst its heap pool plus this.
   * A reader that would pass the bound reads as a miss (the next tier or the origin answers); the
   * cache admits no body larger than the whole bound to this tier ({@link
   * io.daramjwee.Store#maxServableEntry}), and one written by other means streams unpinned, where
   * an eviction can still fail it mid-body. 0 pins nothing: every chunked body streams unpinned,
   * and the tier admits bodies of any size.
   */
  public EhcacheStoreBuilder maxPinnedBytes(long bytes) {
    if (bytes < 0) {
      throw new InvalidSettingException("maxPinnedBytes", bytes,
          "maxPinnedBytes must not be negative: " + bytes);
    }
    this.maxPinnedBytes = bytes;
    return this;
  }

  /**
   * Uses the cache {@code alias} of the Ehcache 3 XML at {@code url} instead of the sizes set
   * here. It must declare {@code <key-type>java.lang.String</key-type>} and
   * {@code <value-type>[B</value-type>} (the JVM's name of {@code byte[]}), no expiry and no
   * loader-writer, and should size its heap in entries ({@code unit="entries"}), each at most
   * {@link #chunkSize} bytes plus 4; a persistent disk needs the XML's {@code persistence}
   * directory. The store should have that cache to itself. Chunk size and inline threshold still
   * come from this builder.
   */
  public EhcacheStoreBuilder xmlConfiguration(URL url, String alias) {
    this.xml = Objects.requireNonNull(url, "url");
    this.alias = Objects.requireNonNull(alias, "alias");
    if (alias.isEmpty()) {
      throw new InvalidSettingException("alias", alias, "alias must not be empty");
    }
    return this;
  }

  /**
   * Builds the store: initialises the cache manager, and sweeps a persistent disk pool of orphan
   * chunks.
   *
   * @throws InvalidSettingException when settings are missing or do not combine, naming them
   * @throws org.ehcache.StateTransitionException when Ehcache cannot start, for example because
   *     another cache manager holds the directory
   */
  public EhcacheStore build() {
    int inlineThreshold = this.inlineThreshold >= 0 ? this.inlineThreshold
        : Math.min(DEFAULT_INLINE_THRESHOLD, chunkSize);
    if (inlineThreshold > chunkSize) {
      throw new InvalidSettingException("inlineThreshold", inlineThreshold, "inlineThreshold ("
          + inlineThreshold + ") must not exceed chunkSize (" + chunkSize + ")");
    }
    if (xml != null) {
      String clash = heapSize > 0 ? "heapSize" : offHeapSize > 0 ? "offHeapSize"
          : diskSize > 0 ? "diskSize" : directory != null ? "directory" : null;
      if (clash != null) {
        throw new InvalidSettingException(clash, null, clash + " cannot be combined with"
            + " xmlConfiguration (" + xml + "): the XML configures the pools");
      }
      CacheSetup.Opened opened = fromXml();
      return EhcacheStore.open(opened, chunkSize, inlineThreshold,
          maxPinnedBytes >= 0 ? maxPinnedBytes : opened.heapBytes(chunkSize));
    }
    checkSizes();
    return EhcacheStore.open(CacheSetup.fromSizes(heapSize / chunkSize, offHeapSize, diskSize,
        directory, persistent), chunkSize, inlineThreshold,
        maxPinnedBytes >= 0 ? maxPinnedBytes : heapSize);
  }

  /** The XML's cache; a file Ehcache rejects, or one without a usable cache, is a bad setting. */
  private CacheSetup.Opened fromXml() {
    try {
      return CacheSetup.fromXml(xml, alias);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("xmlConfiguration", xml, e.getMessage(), e);
    }
  }

  private void checkSizes() {
    if (heapSize == 0) {
      throw new InvalidSettingException("heapSize", null, "heapSize is required: set the bytes of"
          + " the heap pool, or use xmlConfiguration");
    }
    if (heapSize < chunkSize) {
      throw new InvalidSettingException("heapSize", heapSize, "heapSize (" + heapSize
          + ") must hold at least one chunk (chunkSize " + chunkSize + ")");
    }
    if (offHeapSize > 0 && offHeapSize <= heapSize) {
      throw new InvalidSettingException("offHeapSize", offHeapSize, "offHeapSize ("
          + offHeapSize + ") must exceed heapSize (" + heapSize + ")");
    }
    if (diskSize > 0 && diskSize <= Math.max(heapSize, offHeapSize)) {
      throw new InvalidSettingException("diskSize", diskSize, "diskSize (" + diskSize
          + ") must exceed "
          + (offHeapSize > heapSize ? "offHeapSize (" + offHeapSize : "heapSize (" + heapSize)
          + ")");
    }
    if (diskSize > 0 && directory == null) {
      throw new InvalidSettingException("directory", null, "directory is required with diskSize ("
          + diskSize + "): set where the disk pool lives");
    }
    if (diskSize == 0 && directory != null) {
      throw new InvalidSettingException("directory", directory, "directory (" + directory
          + ") is set but diskSize is not: set the bytes of the disk pool");
    }
  }

  private static long positive(String name, long bytes) {
    if (bytes <= 0) {
      throw new InvalidSettingException(name, bytes, name + " must be positive: " + bytes);
    }
    return bytes;
  }
}
