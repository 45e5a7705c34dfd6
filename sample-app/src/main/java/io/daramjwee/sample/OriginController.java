package io.daramjwee.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /origin/items/{name}}: a small upstream origin that the {@code /proxy/**} route in
 * {@code application.yml} caches. It sends a strong {@code ETag} and {@code max-age=10}, answers a
 * matching {@code If-None-Match} with 304, and counts both kinds of answer, so the proxy's
 * revalidation after expiry is visible. Not cached itself. Thread-safe.
 */
@RestController
class OriginController {

  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private final AtomicLong fullResponses = new AtomicLong();
  private final AtomicLong notModifiedResponses = new AtomicLong();

  @GetMapping("/origin/items/{name}")
  ResponseEntity<String> item(@PathVariable String name,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    String etag = "\"" + Integer.toHexString(name.hashCode()) + "-1\"";
    CacheControl cacheControl = CacheControl.maxAge(MAX_AGE);
    if (matches(ifNoneMatch, etag)) {
      notModifiedResponses.incrementAndGet();
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cacheControl)
          .build();
    }
    long n = fullResponses.incrementAndGet();
    String body = "{\"name\":\"" + name.replaceAll("[^A-Za-z0-9_-]", "") + "\",\"version\":1,"
        + "\"originCalls\":" + n + "}\n";
    return ResponseEntity.ok().eTag(etag).cacheControl(cacheControl)
        .contentType(MediaType.APPLICATION_JSON).body(body);
  }

  /** How many 200s the origin has sent. */
  long fullResponses() {
    return fullResponses.get();
  }

  /** How many 304s the origin has sent. */
  long notModifiedResponses() {
    return notModifiedResponses.get();
  }

  /** RFC 9110 §13.1.2: weak comparison against each listed tag, or {@code *}. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
