package io.daramjwee.store.ehcache;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commits that fail part way, through a cache that refuses chosen puts. */
class EhcacheStoreFaultTest extends EhcacheStoreSupport {

  private static final Metadata OLD = Metadata.ofTag("old");
  private static final byte[] OLD_BODY = bytes(1, 2 * CHUNK + 5);
  private static final byte[] NEW_BODY = bytes(2, 4 * CHUNK + 7);

  private FaultyCache cache;
  private EhcacheStore store;

  @BeforeEach
  void openFaultyStore() {
    CacheSetup.Opened real = CacheSetup.fromSizes(256, 0, 0, null, false);
    cache = new FaultyCache(real.cache());
    store = track(EhcacheStore.open(new CacheSetup.Opened(real.manager(), cache, false, null, "faulty"),
        CHUNK, 1024, 256L * CHUNK));
  }

  @Test
  void lastChunkFailingAtCommit_failsTheCommit_publishesNothing_andLeavesNoChunk()
      throws IOException {
    commit(store, "k", OLD, OLD_BODY);
    StoreWriter writer = store.setWithWriter("k", MD);
    writer.write(NEW_BODY);
    cache.failPuts = name -> name.startsWith(Keys.CHUNK_PREFIX) && name.endsWith("/4");

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);

    assertHolds(store, "k", OLD, OLD_BODY);
    assertThat(EhcacheEntries.chunkEntries(store)).as("the old value's chunks only").isEqualTo(3);
  }

  @Test
  void manifestFailingAtCommit_failsTheCommit_andRemovesItsChunks() throws IOException {
    StoreWriter writer = store.setWithWriter("k", MD);
    writer.write(NEW_BODY);
    cache.failPuts = Keys::isManifest;

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);

    cache.failPuts = name -> false;
    assertAbsent(store, "k");
    assertThat(EhcacheEntries.chunkEntries(store)).isZero();
  }

  @Test
  void chunkFailingMidWrite_failsTheWrite_andCloseLeavesNoChunk() throws IOException {
    StoreWriter writer = store.setWithWriter("k", MD);
    cache.failPuts = name -> name.endsWith("/2");

    assertThatThrownBy(() -> writer.write(NEW_BODY)).isInstanceOf(IOException.class);
    writer.close();

    assertAbsent(store, "k");
    assertThat(EhcacheEntries.chunkEntries(store)).isZero();
  }
}
