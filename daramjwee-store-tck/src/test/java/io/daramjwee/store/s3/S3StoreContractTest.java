package io.daramjwee.store.s3;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real S3 API (s3proxy in this JVM). Each test's store has its own
 * key prefix, so it starts empty, and a reopened store takes the same one; small thresholds make
 * the contract's larger bodies go up by multipart upload.
 */
class S3StoreContractTest extends StoreContractTest {

  private static S3Server server;
  private static final AtomicInteger stores = new AtomicInteger();

  private final String prefix = "contract-" + stores.incrementAndGet() + "/";

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.startInMemory();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Store newStore() {
    return server.storeBuilder().keyPrefix(prefix)
        .singlePutThreshold(256 * 1024).partSize(S3Store.Builder.MIN_PART_SIZE).build();
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic()
        .checksummed((store, key) ->
            S3Objects.flipBodyByte(server.raw(), ((S3Store) store).objectKey(key)))
        .persistent(closed -> newStore())
        .versionTakenAtFirstRead();
  }
}
