package io.daramjwee.servlet;

import io.daramjwee.http.RequestHead;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One request on one route, as the flows carry it: the route, the servlet request and response,
 * and, once read, the request head and the cache key. The flows and the objects they make for
 * the request take an exchange instead of these values one by one. It holds servlet objects, so
 * nothing that outlives the request (a background refresh) may keep it.
 *
 * <p>Not thread-safe: used by the thread serving the request (and the async thread that
 * continues it, which the container orders after it).
 */
final class Exchange {

  private final Route route;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private RequestHead head;
  private KeyedRequest keyed;

  Exchange(Route route, HttpServletRequest request, HttpServletResponse response) {
    this.route = route;
    this.request = request;
    this.response = response;
  }

  Route route() {
    return route;
  }

  HttpServletRequest request() {
    return request;
  }

  HttpServletResponse response() {
    return response;
  }

  /** The request head the cache decides on; null until the flow has read it. */
  RequestHead head() {
    return head;
  }

  /** The key and what it was built from; null until the flow has keyed the request. */
  KeyedRequest keyed() {
    return keyed;
  }

  /** The cache key; the exchange must be keyed. */
  String key() {
    return keyed.key();
  }

  /** Whether the request is a HEAD, answered from the GET entry but never filling it. */
  boolean isHead() {
    return head.method().equals("HEAD");
  }

  /** Records the request head read for this route. */
  void read(RequestHead head) {
    this.head = head;
  }

  /** Records the request's cache key. */
  void key(KeyedRequest keyed) {
    this.keyed = keyed;
  }
}
