package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tags stored with an entry, in its {@link StoredResponse#TAGS} attribute: the route's filled
 * templates ({@link TagTemplate}), then the tokens of the response's tag header (such as
 * {@code Surrogate-Key}; its fields split at spaces and tabs, repeated fields in order),
 * deduplicated, first occurrence first. A tag is a non-empty token of visible ASCII without
 * spaces; a header token that is not is dropped. Bounded per entry: tags longer than
 * {@link #MAX_LENGTH} characters are dropped, and of the rest the first {@link #MAX_TAGS} are kept.
 * What was dropped is reported in {@link Collected} for the caller to log; nothing here fails a
 * response. Stateless and thread-safe.
 */
public final class EntryTags {

  /** The most tags one entry keeps. */
  public static final int MAX_TAGS = 64;

  /** The longest tag kept, in characters. */
  public static final int MAX_LENGTH = 1024;

  private EntryTags() {}

  /**
   * The tags of one entry, and what was left out of them.
   *
   * @param tags the tags kept, in order, unique, at most {@link #MAX_TAGS}
   * @param invalid the header tokens dropped for not being visible ASCII
   * @param tooLong how many tags were dropped for being longer than {@link #MAX_LENGTH}
   * @param tooMany how many tags were dropped past the first {@link #MAX_TAGS}
   */
  public record Collected(List<String> tags, List<String> invalid, int tooLong, int tooMany) {

    public Collected {
      tags = List.copyOf(tags);
      invalid = List.copyOf(invalid);
    }

    /** The attribute value, the tags joined by single spaces; {@code null} when there are none. */
    public String attribute() {
      return tags.isEmpty() ? null : String.join(" ", tags);
    }
  }

  /**
   * Collects the tags of an entry.
   *
   * @param routeTags the route's filled templates, in order
   * @param headerValues the values of the response's tag header fields, in order
   */
  public static Collected collect(List<String> routeTags, List<String> headerValues) {
    Objects.requireNonNull(routeTags, "routeTags");
    Objects.requireNonNull(headerValues, "headerValues");
    Set<String> unique = new LinkedHashSet<>();
    List<String> invalid = new ArrayList<>(0);
    for (String tag : routeTags) {
      add(tag, unique, invalid);
    }
    for (String value : headerValues) {
      for (String token : value.split("[ \t]+")) {
        if (!token.isEmpty()) {
          add(token, unique, invalid);
        }
      }
    }
    List<String> kept = new ArrayList<>(Math.min(unique.size(), MAX_TAGS));
    int tooLong = 0;
    int tooMany = 0;
    for (String tag : unique) {
      if (tag.length() > MAX_LENGTH) {
        tooLong++;
      } else if (kept.size() == MAX_TAGS) {
        tooMany++;
      } else {
        kept.add(tag);
      }
    }
    return new Collected(kept, invalid, tooLong, tooMany);
  }

  private static void add(String tag, Set<String> unique, List<String> invalid) {
    if (isTag(tag)) {
      unique.add(tag);
    } else {
      invalid.add(tag);
    }
  }

  /** Whether {@code s} is a tag: non-empty visible ASCII without spaces. */
  public static boolean isTag(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!TagTemplate.visible(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The tags stored in {@code metadata}, in order; empty when it has none. */
  public static List<String> of(Metadata metadata) {
    String value = metadata.attribute(StoredResponse.TAGS);
    return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(" "));
  }

  /** Every value of the stored header field {@code name} in {@code metadata}, in order. */
  public static List<String> fieldValues(Metadata metadata, String name) {
    List<String> values = new ArrayList<>(0);
    for (Map.Entry<String, String> e : metadata.attributes().entrySet()) {
      String field = StoredResponse.fieldName(e.getKey());
      if (field != null && field.equalsIgnoreCase(name)) {
        values.add(e.getValue());
      }
    }
    return values;
  }

  /**
   * {@code entry} with {@code tags} as its {@link StoredResponse#TAGS} attribute (none when empty)
   * and without the stored header fields named {@code dropField} (ignoring case; {@code null}
   * drops none). Everything else is kept as it is, in order.
   */
  public static Metadata apply(Metadata entry, List<String> tags, String dropField) {
    Metadata.Builder b = Metadata.builder()
        .cacheTag(entry.cacheTag())
        .cachedAt(entry.cachedAt())
        .negative(entry.negative())
        .freshFor(entry.freshFor())
        .staleFor(entry.staleFor())
        .staleIfError(entry.staleIfError());
    for (Map.Entry<String, String> e : entry.attributes().entrySet()) {
      String name = e.getKey();
      String field = dropField == null ? null : StoredResponse.fieldName(name);
      if (!name.equals(StoredResponse.TAGS)
          && (field == null || !field.equalsIgnoreCase(dropField))) {
        b.attribute(name, e.getValue());
      }
    }
    if (!tags.isEmpty()) {
      b.attribute(StoredResponse.TAGS, String.join(" ", tags));
    }
    return b.build();
  }
}
