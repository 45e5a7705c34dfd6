package io.daramjwee.spring.actuate;

import io.daramjwee.purge.Purge;
import java.util.List;

/**
 * What the {@code daramjwee} endpoint reads and purges of the filter's routes. It stands between
 * the endpoint and the filter so that the endpoint's own types name no servlet class: without the
 * Servlet API, or without a filter, there is no instance and the endpoint answers route, tag and
 * path purges with 404. Implementations are thread-safe.
 */
interface EndpointRoutes {

  /** Every route the filter knows, or an empty list when it has no route table to ask. */
  List<EndpointSummary.RouteView> routes();

  /** Whether the filter has a route table, so that unknown routes and tags can be told. */
  boolean hasTable();

  /** Whether the route table has {@code routeId}; true without a table, which cannot tell. */
  boolean knows(String routeId);

  /** The ids of the routes tagged {@code tag}, empty without a table. */
  List<String> tagged(String tag);

  /**
   * Takes the purge, as {@code DaramjweeFilter.purge} does.
   *
   * @throws IllegalArgumentException when the purge's value is not valid for its kind
   */
  void purge(Purge purge);
}
