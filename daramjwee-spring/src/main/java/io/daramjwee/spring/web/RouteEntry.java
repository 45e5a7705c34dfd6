package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One row of the route table: the route, the tag templates that name it in purges (as written:
 * {@code article:{id}} for a templated one), and a line saying what it covers for people (its
 * patterns, and the handler or upstream behind it). The tags keep the order they were declared
 * in, which the endpoint shows. Immutable and thread-safe.
 */
record RouteEntry(Route route, Set<String> tags, String description) {

  RouteEntry {
    tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
  }

  String id() {
    return route.id();
  }
}
