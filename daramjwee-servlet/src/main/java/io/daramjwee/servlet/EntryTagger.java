package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Metadata;
import io.daramjwee.http.EntryTags;
import io.daramjwee.http.StoredResponse;
import io.daramjwee.internal.ThrottledLog;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags what the filter stores ({@link EntryTags}: the route's filled templates, then the tokens of
 * the response's tag header) and, unless the filter exposes the tag header, keeps that header
 * from clients: held back from a controller's response ({@link HiddenTagHeader}), left out of what
 * is stored, and skipped when a hit or a pass-through is served. Every path that stores an entry
 * goes through here: a controller miss ({@link #forMiss}), a proxy fetch, miss or refresh
 * ({@link #tagProxied}), and a controller refresh ({@link #tagRefreshed}). A 304 that renews an
 * entry keeps its tags unless it names tags itself. Dropped tags are logged (bounds at WARN,
 * throttled; invalid tokens at DEBUG), never a failure, naming the entry by its route and path:
 * never by its key, which holds the {@code Authorization} value on a route that lets it through.
 * One per filter; thread-safe.
 */
final class EntryTagger {

  private static final Logger LOG = LoggerFactory.getLogger(EntryTagger.class);

  private final String header;
  private final String hidden; // the header, or null when it is exposed
  private final ThrottledLog warnings = new ThrottledLog(LOG, Duration.ofSeconds(10));

  EntryTagger(String header, boolean exposed) {
    this.header = header;
    this.hidden = exposed ? null : header;
  }

  /** The field clients must not see: the tag header, or {@code null} when it is exposed. */
  String hiddenField() {
    return hidden;
  }

  /** {@code response} with the tag header held back, or {@code null} when it is exposed. */
  HiddenTagHeader hide(HttpServletResponse response) {
    return hidden == null ? null : new HiddenTagHeader(response, hidden);
  }

  /**
   * Tags the entry of a controller miss once its head is final: the route's templates filled for
   * the request, and the tag header the controller set, held back in {@code held} or, when the
   * header is exposed ({@code held} null), stored in the entry's head.
   */
  UnaryOperator<Metadata> forMiss(Exchange exchange, HiddenTagHeader held) {
    Route route = exchange.route();
    String path = exchange.head().path();
    return entry -> {
      List<String> values = held != null ? held.values() : EntryTags.fieldValues(entry, header);
      if (values.isEmpty() && entry.attribute(StoredResponse.TAGS) != null) {
        return entry; // a 304 that renewed the entry (MissFill) named none: it keeps its own
      }
      return tag(entry, RouteTags.fill(route, path, exchange.request()), values,
          named(route, path));
    };
  }

  /** Tags what a proxy fetch of {@code path} on {@code route} got. */
  FetchResult tagProxied(FetchResult result, Route route, String path) {
    return retag(result, RouteTags.fill(route, path, null), named(route, path));
  }

  /**
   * Tags what a controller refresh of {@code path} on {@code route} got: the route's templates
   * come filled in the answer's {@link RefreshTagStamp#HEADER}, which is not stored.
   */
  FetchResult tagRefreshed(FetchResult result, Route route, String path) {
    Metadata fetched = result.metadata();
    if (!isStoredResponse(fetched)) {
      return result;
    }
    List<String> stamped = EntryTags.fieldValues(fetched, RefreshTagStamp.HEADER);
    if (!stamped.isEmpty()) {
      result = result.withMetadata(
          EntryTags.apply(fetched, EntryTags.of(fetched), RefreshTagStamp.HEADER));
    }
    // The stamp's tokens, split as a tag header's are; the filter filled them, so all are tags.
    List<String> routeTags = EntryTags.collect(List.of(), stamped).tags();
    return retag(result, routeTags, named(route, path));
  }

  private FetchResult retag(FetchResult result, List<String> routeTags, String logName) {
    Metadata fetched = result.metadata();
    if (!isStoredResponse(fetched)) {
      return result;
    }
    List<String> values = EntryTags.fieldValues(fetched, header);
    if (result.kind() == FetchResult.Kind.NO_STORE) {
      // Served once, never stored: only the client's copy matters.
      return hidden == null || values.isEmpty() ? result
          : result.withMetadata(EntryTags.apply(fetched, EntryTags.of(fetched), hidden));
    }
    if (result.kind() == FetchResult.Kind.NOT_MODIFIED && values.isEmpty()) {
      return result; // the renewal carried the entry's tags over, and the 304 named none
    }
    return result.withMetadata(tag(fetched, routeTags, values, logName));
  }

  /** {@code entry} with its tags, and without the tag header unless it is exposed. */
  private Metadata tag(Metadata entry, List<String> routeTags, List<String> headerValues,
      String logName) {
    EntryTags.Collected tags = EntryTags.collect(routeTags, headerValues);
    if (!tags.invalid().isEmpty() && LOG.isDebugEnabled()) {
      LOG.debug("{}: dropped tag header tokens that are not visible ASCII: {}", logName,
          tags.invalid());
    }
    if (tags.tooLong() > 0 || tags.tooMany() > 0) {
      warnings.warn("tag bounds", logName + ": dropped " + tags.tooLong()
          + " tags longer than " + EntryTags.MAX_LENGTH + " characters and " + tags.tooMany()
          + " past the first " + EntryTags.MAX_TAGS, null);
    }
    return EntryTags.apply(entry, tags.tags(), hidden);
  }

  /** How logs name an entry. */
  private static String named(Route route, String path) {
    return "entry of route " + route.id() + " for " + path;
  }

  private static boolean isStoredResponse(Metadata metadata) {
    return metadata != null && metadata.attribute(StoredResponse.STATUS) != null;
  }
}
