package io.daramjwee.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A request whose attribute writes stay in the wrapper: handler mappings asked "which handler?"
 * record their answer (path variables, the best pattern, producible media types, the parsed path)
 * as attributes, and none of that may reach the real request before the dispatcher looks it up
 * itself. Unlike Spring's {@code HandlerMappingIntrospector}, which copies every attribute up
 * front, reads fall through to the real request until written, since this runs on every cached
 * request. Confined to the thread that made it.
 */
final class IsolatedAttributesRequest extends HttpServletRequestWrapper {

  private static final Object REMOVED = new Object();

  private final Map<String, Object> written = new HashMap<>(8);

  IsolatedAttributesRequest(HttpServletRequest request) {
    super(request);
  }

  @Override
  public Object getAttribute(String name) {
    Object value = written.get(name);
    if (value == REMOVED) {
      return null;
    }
    return value != null ? value : super.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    // As the servlet API says, setting null removes.
    written.put(name, value == null ? REMOVED : value);
  }

  @Override
  public void removeAttribute(String name) {
    written.put(name, REMOVED);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Enumeration<String> e = super.getAttributeNames(); e.hasMoreElements(); ) {
      String name = e.nextElement();
      if (!written.containsKey(name)) {
        names.add(name);
      }
    }
    written.forEach((name, value) -> {
      if (value != REMOVED) {
        names.add(name);
      }
    });
    return Collections.enumeration(names);
  }
}
