package io.daramjwee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/** Small helpers that keep the auto-configuration tests a few lines each. Stateless. */
public final class TierTestSupport {

  public static final String ORIGIN_BODY = "from the origin";

  private TierTestSupport() {}

  /** Writes {@code body} under {@code key} through the cache, as a controller's fill would. */
  public static void set(DaramjweeCache cache, String key, String body) throws IOException {
    try (StoreWriter writer = cache.set(key, Metadata.ofTag("\"v1\""))) {
      writer.write(body.getBytes(StandardCharsets.UTF_8));
      writer.commit();
    }
  }

  /** Reads {@code key} through the cache; the origin, if asked, answers {@link #ORIGIN_BODY}. */
  public static String get(DaramjweeCache cache, String key, AtomicInteger originCalls) throws IOException {
    Fetcher origin = previous -> {
      originCalls.incrementAndGet();
      return FetchResult.body(
          new ByteArrayInputStream(ORIGIN_BODY.getBytes(StandardCharsets.UTF_8)),
          Metadata.ofTag("\"origin\""));
    };
    try (CacheResponse response = cache.get(key, origin)) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Sets a value and reads it back from the cache, asserting the origin was not asked. */
  public static void assertStoresAndAnswers(DaramjweeCache cache) throws IOException {
    AtomicInteger originCalls = new AtomicInteger();
    set(cache, "greeting", "hello, tiers");
    assertThat(get(cache, "greeting", originCalls)).isEqualTo("hello, tiers");
    assertThat(originCalls).hasValue(0);
  }

  /** The body a store holds for {@code key}, or null. */
  public static String stored(Store store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null
          : new String(entry.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The messages of the startup failure and all its causes, one a line, and the property each
   * validation error names, as Spring Boot's failure analyzer prints it.
   */
  public static String startupFailure(AssertableApplicationContext context) {
    Throwable failure = context.getStartupFailure();
    assertThat(failure).as("startup failure").isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
      if (t instanceof BindValidationException validation) {
        for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
          if (error instanceof FieldError field) {
            messages.append("Property: ").append(field.getObjectName()).append('.')
                .append(field.getField()).append('\n');
          }
        }
      }
    }
    return messages.toString();
  }
}
