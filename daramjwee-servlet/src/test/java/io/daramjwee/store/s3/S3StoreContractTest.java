package io.daramjwee.store.s3;

import io.daramjwee.Store;
import io.daramjwee.StoreContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real S3 API (s3proxy in this JVM). Each test's store has its own
 * key prefix, so it starts empty; small thresholds make the contract's larger bodies go up by
 * multipart upload.
 */
class S3StoreContractTest extends StoreContractTest {

  private static S3Server server;
  private static final AtomicInteger stores = new AtomicInteger();

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
    return server.storeBuilder().keyPrefix("contract-" + stores.incrementAndGet() + "/")
        .singlePutThreshold(256 * 1024).partSize(S3Store.Builder.MIN_PART_SIZE).build();
  }

  @Override
  protected boolean corruptible() {
    return true;
  }

  @Override
  protected void corrupt(Store store, String key) throws Exception {
    S3Objects.flipBodyByte(server.raw(), ((S3Store) store).objectKey(key));
  }
}
