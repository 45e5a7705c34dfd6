package io.daramjwee.servlet;

import io.daramjwee.http.Headers;
import io.daramjwee.http.ResponseHead;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The head a controller's response has so far, as the cache would store it: its status and
 * fields as set on the container's response, without {@code Cache-Status} (the cache's own), and
 * with {@code Content-Type} and {@code Content-Length} taken from where the container keeps them.
 */
final class CapturedHead {

  private static final String[] NOT_CAPTURED = {"Cache-Status", "Content-Type", "Content-Length"};

  private CapturedHead() {}

  /** The head of {@code response}, whose body declared {@code declaredLength} bytes (or -1). */
  static ResponseHead of(HttpServletResponse response, long declaredLength) {
    Headers.Builder headers = Headers.builder();
    Collection<String> names = response.getHeaderNames();
    List<String> seen = new ArrayList<>(names.size());
    for (String name : names) {
      if (notCaptured(name) || seenIgnoringCase(seen, name)) {
        continue;
      }
      seen.add(name);
      for (String value : response.getHeaders(name)) {
        headers.add(name, value);
      }
    }
    String contentType = response.getContentType();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    if (declaredLength >= 0) {
      headers.add("Content-Length", Long.toString(declaredLength));
    }
    return new ResponseHead(response.getStatus(), headers.build());
  }

  /** Whether {@code name} is a field the head takes from elsewhere, or never stores. */
  private static boolean notCaptured(String name) {
    for (String field : NOT_CAPTURED) {
      if (field.length() == name.length() && field.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code seen} (a few names) holds {@code name} in any case. */
  private static boolean seenIgnoringCase(List<String> seen, String name) {
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i).equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
