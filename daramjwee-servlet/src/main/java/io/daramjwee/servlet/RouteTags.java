package io.daramjwee.servlet;

import io.daramjwee.http.TagTemplate;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a route's tag templates for one request. A variable takes its value from the route's own
 * path pattern matched against the request's path; on a controller route whose pattern has no
 * value for it (a Spring handler matched by another of its patterns, or a Spring-only pattern
 * form), from the URI variables Spring MVC recorded for the handler it chose, in the request
 * attribute {@link #URI_VARIABLES}, named by string so this module loads without Spring. A
 * template with a variable that has neither is skipped for the request, logged at DEBUG, never an
 * error. Stateless and thread-safe.
 */
final class RouteTags {

  /** Spring MVC's {@code HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE}: a map of strings. */
  static final String URI_VARIABLES =
      "org.springframework.web.servlet.HandlerMapping.uriTemplateVariables";

  private static final Logger LOG = LoggerFactory.getLogger(RouteTags.class);

  private RouteTags() {}

  /**
   * The route's templates filled for {@code path} (decoded, inside the application), in order.
   *
   * @param request where Spring's URI variables are read on a controller route; {@code null} to
   *     read only the route's pattern
   */
  static List<String> fill(Route route, String path, HttpServletRequest request) {
    List<TagTemplate> templates = route.tagTemplates;
    if (templates.isEmpty()) {
      return List.of();
    }
    Map<String, String> own = route.pathPattern().variables(path);
    Map<?, ?> spring = route.upstream() == null && request != null
        && request.getAttribute(URI_VARIABLES) instanceof Map<?, ?> m ? m : Map.of();
    List<String> tags = new ArrayList<>(templates.size());
    for (TagTemplate template : templates) {
      String tag = template.fill(name -> {
        String value = own == null ? null : own.get(name);
        return value != null ? value : spring.get(name) instanceof String s ? s : null;
      });
      if (tag != null) {
        tags.add(tag);
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("tag template '{}' of route {} skipped for {}: a variable of {} has no value",
            template, route.id(), path, template.variableNames());
      }
    }
    return tags;
  }
}
