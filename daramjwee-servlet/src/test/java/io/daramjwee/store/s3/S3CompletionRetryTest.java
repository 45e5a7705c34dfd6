package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A CompleteMultipartUpload that the server carried out but whose answer the client saw as a
 * failure: the SDK retries it and finds no upload (404 NoSuchUpload). s3proxy does this under
 * concurrent writes to one key (it assembles the object, then answers 500); a lost response does
 * it on real S3. The fault is injected by an SDK interceptor: it turns the successful completion
 * into a 500, as that server did, and answers the SDK's retry as S3 answers a completion of an
 * upload that is gone (404 NoSuchUpload); everything else is a real s3proxy.
 */
class S3CompletionRetryTest {

  private static final int MiB = 1 << 20;
  private static final Metadata META = Metadata.builder().attribute("status", "200").build();

  @TempDir
  Path directory;

  private S3Server server;
  private S3Store store;
  private final FailCompletions faults = new FailCompletions();

  @BeforeEach
  void start() throws Exception {
    server = S3Server.start(directory);
    store = server.storeBuilder().singlePutThreshold(MiB).partSize(5 * MiB)
        .interceptor(faults).build();
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    server.close();
  }

  @Test
  void completionThatSucceededBehindA500_commits() throws IOException {
    faults.failNext(1);
    byte[] body = bytes(7, 6 * MiB + 5);

    write("k", body).commit();

    assertThat(faults.failed.get()).isEqualTo(1);
    assertThat(read("k")).isEqualTo(body);
  }

  @Test
  void noSuchUpload_onTheFirstAttempt_failsTheCommit() throws IOException {
    faults.answerNextWithNoSuchUpload();
    StoreWriter writer = write("k", bytes(9, 6 * MiB + 2));

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessageContaining("CompleteMultipartUpload");
  }

  private StoreWriter write(String key, byte[] body) throws IOException {
    StoreWriter writer = store.setWithWriter(key, META);
    writer.write(body, 0, body.length);
    return writer;
  }

  private byte[] read(String key) throws IOException {
    try (StoredEntry entry = store.getStream(key); InputStream in = entry.body()) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(long seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Turns the next successful CompleteMultipartUpload answers into 500s. Thread-safe. */
  private static final class FailCompletions implements ExecutionInterceptor {
    final AtomicInteger toFail = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private volatile boolean retryFindsNoUpload;
    private static final byte[] NO_SUCH_UPLOAD = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message>"
        + "</Error>").getBytes(StandardCharsets.UTF_8);

    void failNext(int n) {
      toFail.set(n);
    }

    /** Answers the next completion 404 NoSuchUpload at once, with no 500 before it. */
    void answerNextWithNoSuchUpload() {
      retryFindsNoUpload = true;
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
        ExecutionAttributes attributes) {
      SdkHttpResponse response = context.httpResponse();
      if (!isCompletion(context.request()) || !response.isSuccessful()) {
        return response;
      }
      if (retryFindsNoUpload) {
        // Answered as S3 answers a completion of an upload that is gone.
        return response.toBuilder().statusCode(404).build();
      }
      if (toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failed.incrementAndGet();
        retryFindsNoUpload = true;
        return response.toBuilder().statusCode(500).build();
      }
      return response;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      if (isCompletion(context.request()) && context.httpResponse().statusCode() == 404) {
        retryFindsNoUpload = false;
        return Optional.of(new ByteArrayInputStream(NO_SUCH_UPLOAD));
      }
      return context.responseBody();
    }

    private static boolean isCompletion(Object request) {
      return request.getClass().getSimpleName().startsWith("CompleteMultipartUpload");
    }
  }
}
