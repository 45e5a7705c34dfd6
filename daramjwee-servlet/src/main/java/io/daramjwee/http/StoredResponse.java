package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The framing of a response head into {@link Metadata} attributes, so a hit can replay the
 * stored status and header fields exactly: order, name case and repeated names survive.
 *
 * <pre>
 *   "status"             "200"
 *   "h.0000.Content-Type" "text/html"       one attribute per field; the decimal index
 *   "h.0001.Set-Thing"    "a"               (zero-padded to 4 digits, wider past 9999) keeps
 *   "h.0002.set-thing"    "b"               the order and makes repeated names distinct
 *   ...                                      the name after the second '.' is kept verbatim
 *   "tags"               "article:42 home" the entry's tags, single spaces between (see
 *                                           {@link EntryTags}); absent when it has none
 *   &lt;extra&gt;              &lt;value&gt;           caller's own attributes, never "status" or "h.*"
 * </pre>
 *
 * The head given to {@link #encode} is stored as is: the caller strips hop-by-hop fields
 * (RFC 9110 §7.6.1, RFC 9111 §3.1) first. Stateless and thread-safe.
 */
public final class StoredResponse {

  /** The attribute holding the status code. */
  public static final String STATUS = "status";

  /**
   * The attribute holding the entry's tags, joined by single spaces; absent when there are none.
   * Reserved like {@link #STATUS}: not a header attribute, and written only through
   * {@link EntryTags}.
   */
  public static final String TAGS = "tags";

  /** The prefix of header attributes. */
  public static final String HEADER_PREFIX = "h.";

  private StoredResponse() {}

  /**
   * The attributes of {@code head} followed by {@code extra}, in order, for
   * {@link Metadata.Builder#attribute}.
   *
   * @throws IllegalArgumentException when an {@code extra} name is {@code status} or starts with
   *     {@code h.}
   */
  public static Map<String, String> encode(ResponseHead head, Map<String, String> extra) {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(extra, "extra");
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(STATUS, Integer.toString(head.status()));
    int i = 0;
    for (Headers.Field f : head.headers().fields()) {
      attributes.put(HEADER_PREFIX + String.format("%04d", i++) + "." + f.name(), f.value());
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (e.getKey().equals(STATUS) || e.getKey().startsWith(HEADER_PREFIX)) {
        throw new IllegalArgumentException("extra attribute name is reserved: " + e.getKey());
      }
      attributes.put(e.getKey(), e.getValue());
    }
    return attributes;
  }

  /** {@code builder} with {@link #encode}'s attributes added. */
  public static Metadata.Builder encodeInto(Metadata.Builder builder, ResponseHead head,
      Map<String, String> extra) {
    encode(head, extra).forEach(builder::attribute);
    return builder;
  }

  /**
   * The head {@link #encode} framed into {@code metadata}.
   *
   * @throws IllegalArgumentException when the status is missing or malformed, or a header
   *     attribute is malformed
   */
  public static ResponseHead decode(Metadata metadata) {
    String status = metadata.attribute(STATUS);
    if (status == null) {
      throw new IllegalArgumentException("metadata holds no status attribute: " + metadata);
    }
    int code;
    try {
      code = Integer.parseInt(status);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("status attribute is not a number: " + status, e);
    }
    List<Object[]> fields = new ArrayList<>();
    for (Map.Entry<String, String> e : metadata.attributes().entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(HEADER_PREFIX)) {
        continue;
      }
      int dot = name.indexOf('.', HEADER_PREFIX.length());
      if (dot < 0 || dot == name.length() - 1) {
        throw new IllegalArgumentException("malformed header attribute: " + name);
      }
      long index;
      try {
        index = Long.parseLong(name.substring(HEADER_PREFIX.length(), dot));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("malformed header attribute: " + name, ex);
      }
      fields.add(new Object[] {index, name.substring(dot + 1), e.getValue()});
    }
    // Attributes keep insertion order, but sort anyway so a reordered map cannot scramble fields.
    fields.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
    Headers.Builder headers = Headers.builder();
    for (Object[] f : fields) {
      headers.add((String) f[1], (String) f[2]);
    }
    return new ResponseHead(code, headers.build());
  }

  /**
   * The stored entity-tag: the first stored {@code ETag} field, else {@link Metadata#cacheTag()}
   * when it is an entity-tag (one computed by {@link EtagDigest}); {@code null} when neither.
   */
  public static String etag(Metadata metadata) {
    String etag = header(metadata, "ETag");
    if (etag != null) {
      return etag;
    }
    String tag = metadata.cacheTag();
    return tag != null && (tag.startsWith("\"") || tag.startsWith("W/\"")) && tag.endsWith("\"")
        && tag.length() >= 2 ? tag : null;
  }

  /** The first stored {@code Last-Modified} field, or {@code null}. */
  public static String lastModified(Metadata metadata) {
    return header(metadata, "Last-Modified");
  }

  /** The field name of header attribute {@code attribute}, or {@code null} when it is not one. */
  static String fieldName(String attribute) {
    if (!attribute.startsWith(HEADER_PREFIX)) {
      return null;
    }
    int dot = attribute.indexOf('.', HEADER_PREFIX.length());
    return dot < 0 || dot == attribute.length() - 1 ? null : attribute.substring(dot + 1);
  }

  /** The first stored field named {@code wanted}, or {@code null}. */
  static String header(Metadata metadata, String wanted) {
    String found = null;
    long foundIndex = Long.MAX_VALUE;
    for (Map.Entry<String, String> e : metadata.attributes().entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(HEADER_PREFIX)) {
        continue;
      }
      int dot = name.indexOf('.', HEADER_PREFIX.length());
      if (dot < 0 || !name.substring(dot + 1).equalsIgnoreCase(wanted)) {
        continue;
      }
      try {
        long index = Long.parseLong(name.substring(HEADER_PREFIX.length(), dot));
        if (index < foundIndex) {
          foundIndex = index;
          found = e.getValue();
        }
      } catch (NumberFormatException ignored) {
        // not one of ours; decode() reports it
      }
    }
    return found;
  }
}
