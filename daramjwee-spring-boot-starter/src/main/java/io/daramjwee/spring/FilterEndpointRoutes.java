package io.daramjwee.spring;

import io.daramjwee.servlet.DaramjweeFilter;
import java.util.List;

/**
 * The endpoint's view of a {@link DaramjweeFilter}. Thread-safe, as the filter is.
 */
final class FilterEndpointRoutes implements EndpointRoutes {

  private final DaramjweeFilter filter;

  FilterEndpointRoutes(DaramjweeFilter filter) {
    this.filter = filter;
  }

  @Override
  public List<EndpointSummary.RouteView> routes() {
    return List.of();
  }

  @Override
  public boolean hasTable() {
    return false;
  }

  @Override
  public boolean knows(String routeId) {
    return true;
  }

  @Override
  public List<String> tagged(String tag) {
    return List.of();
  }

  @Override
  public void purgeRoute(String routeId) {
    filter.purgeRoute(routeId);
  }

  @Override
  public void purgePath(String path) {
    filter.purgePath(path);
  }
}
