package io.daramjwee.spring.actuate;

import io.daramjwee.http.RouteRules;
import io.daramjwee.purge.Purge;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.spring.web.DaramjweeRoutes;
import java.util.List;

/**
 * The endpoint's view of a {@link DaramjweeFilter} and, when the filter is the auto-configured
 * one, its {@link DaramjweeRoutes}. A filter the application built over routes of its own has no
 * table to ask: its route purges are trusted as given and tags cannot be found. Thread-safe, as
 * the filter and the table are.
 */
final class FilterEndpointRoutes implements EndpointRoutes {

  private final DaramjweeFilter filter;
  private final DaramjweeRoutes table; // null for a filter without the starter's table

  FilterEndpointRoutes(DaramjweeFilter filter, DaramjweeRoutes table) {
    this.filter = filter;
    this.table = table;
  }

  @Override
  public List<EndpointSummary.RouteView> routes() {
    if (table == null) {
      return List.of();
    }
    return table.routes().stream().map(this::view).toList();
  }

  private EndpointSummary.RouteView view(Route route) {
    RouteRules rules = route.rules();
    return new EndpointSummary.RouteView(route.id(), table.description(route.id()),
        table.tags(route.id()), rules.freshFor().toString(), rules.staleFor().toString(),
        rules.staleIfError().toString());
  }

  @Override
  public boolean hasTable() {
    return table != null;
  }

  @Override
  public boolean knows(String routeId) {
    return table == null || table.description(routeId) != null;
  }

  @Override
  public List<String> tagged(String tag) {
    return table == null ? List.of() : table.routeIdsTagged(tag);
  }

  @Override
  public void purge(Purge purge) {
    filter.purge(purge);
  }
}
