package io.daramjwee.servlet;

import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.ResponseEntries;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.StoredResponse;

/**
 * What serving a stored entry needs from its metadata, decoded once: the stored head, the
 * {@code ETag} to add when the origin sent none, and the body length. {@link #of} keeps the views
 * of recently served entries in a small direct-mapped table keyed by the metadata's identity, so a
 * store that hands out the same {@link Metadata} on every hit (the memory store does) decodes it
 * once instead of on every request. Immutable; the table is safely racy (it holds immutable views,
 * and a lost update only costs a decode).
 */
final class EntryView {

  private static final int SLOTS = 1024; // a power of two
  private static final EntryView[] RECENT = new EntryView[SLOTS];

  final Metadata metadata;
  final ResponseHead head;
  final String addedEtag; // null when the stored fields carry an ETag, or none is known
  final long length;
  final long initialAge; // seconds old when stored (an upstream cache's Age)

  private EntryView(Metadata metadata) {
    this.metadata = metadata;
    this.head = StoredResponse.decode(metadata);
    this.length = ResponseEntries.length(metadata);
    this.initialAge = ResponseEntries.initialAge(metadata);
    String etag = hasEtag(head.headers()) ? null : StoredResponse.etag(metadata);
    // Weak: it is ours, computed from the bytes we store, and a strong tag would stop Tomcat
    // compressing the hit. Conditionals compare weakly, so either form revalidates.
    this.addedEtag = etag == null || etag.startsWith("W/") ? etag : "W/" + etag;
  }

  /**
   * The view of {@code metadata}.
   *
   * @throws IllegalArgumentException when the metadata is not a stored response
   */
  static EntryView of(Metadata metadata) {
    int slot = System.identityHashCode(metadata) & (SLOTS - 1);
    EntryView view = RECENT[slot];
    if (view == null || view.metadata != metadata) {
      view = new EntryView(metadata);
      RECENT[slot] = view;
    }
    return view;
  }

  private static boolean hasEtag(Headers headers) {
    for (Headers.Field field : headers.fields()) {
      if (field.name().equalsIgnoreCase("ETag")) {
        return true;
      }
    }
    return false;
  }
}
