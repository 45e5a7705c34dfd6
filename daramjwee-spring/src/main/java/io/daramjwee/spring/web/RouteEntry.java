package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import java.util.Set;

/**
 * One row of the route table: the route, the tag templates that name it in purges (as written:
 * {@code article:{id}} for a templated one), and a line saying what it covers for people (its
 * patterns, and the handler or upstream behind it). Immutable and thread-safe.
 */
record RouteEntry(Route route, Set<String> tags, String description) {

  RouteEntry {
    tags = Set.copyOf(tags);
  }

  String id() {
    return route.id();
  }
}
