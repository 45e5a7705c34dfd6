package io.daramjwee.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The response a controller on a cached route writes to when the tag header is not exposed: the
 * fields it sets or adds under that name are held here, never sent to the client, for the fill to
 * read ({@link #values()}). Reading the header back sees what is held, as if it had been sent.
 * Used as the servlet API uses a response: by the request's thread, and the async thread the
 * container orders after it.
 */
final class HiddenTagHeader extends HttpServletResponseWrapper {

  private final String name;
  private final List<String> values = new ArrayList<>(1);

  /** Holds back the fields named {@code name} (ignoring case) that {@code response} is given. */
  HiddenTagHeader(HttpServletResponse response, String name) {
    super(response);
    this.name = name;
  }

  /** The values held, in the order given. */
  List<String> values() {
    return List.copyOf(values);
  }

  private boolean held(String field) {
    return name.equalsIgnoreCase(field);
  }

  @Override
  public void setHeader(String field, String value) {
    if (!held(field)) {
      super.setHeader(field, value);
      return;
    }
    values.clear();
    if (value != null) {
      values.add(value);
    }
  }

  @Override
  public void addHeader(String field, String value) {
    if (!held(field)) {
      super.addHeader(field, value);
    } else if (value != null) {
      values.add(value);
    }
  }

  @Override
  public boolean containsHeader(String field) {
    return held(field) ? !values.isEmpty() : super.containsHeader(field);
  }

  @Override
  public String getHeader(String field) {
    if (!held(field)) {
      return super.getHeader(field);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Collection<String> getHeaders(String field) {
    return held(field) ? values() : super.getHeaders(field);
  }

  @Override
  public Collection<String> getHeaderNames() {
    if (values.isEmpty()) {
      return super.getHeaderNames();
    }
    Set<String> names = new LinkedHashSet<>(super.getHeaderNames());
    names.add(name);
    return names;
  }

  @Override
  public void reset() {
    super.reset(); // throws when committed, and then keeps what it holds, as the response does
    values.clear();
  }
}
