package io.daramjwee.spring.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The raw-Tomcat ceiling of the side-by-side benchmark ({@code bench/http-compare.sh}, variant
 * {@code raw}): a servlet filter, first in the chain, that answers {@code GET /raw/{size}} with the
 * preloaded bytes of {@link CompareServer.Bodies} ({@code Content-Type} and {@code Content-Length}
 * as the controllers send them), without Spring MVC's dispatch: the fastest an in-process cache
 * could answer. Every other request goes down the chain untouched. Thread-safe: the bodies are
 * only read.
 */
public final class RawCeiling implements Filter {

  static final String PREFIX = "/raw/";

  private final CompareServer.Bodies bodies;

  RawCeiling(CompareServer.Bodies bodies) {
    this.bodies = bodies;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String uri = request.getRequestURI();
    if (!uri.startsWith(PREFIX) || !"GET".equals(request.getMethod())) {
      chain.doFilter(req, res);
      return;
    }
    byte[] body = bodies.preloaded(size(uri));
    HttpServletResponse response = (HttpServletResponse) res;
    if (body == null) {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      response.setContentLength(0);
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/octet-stream");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The size after the prefix, or -1 when it is not a plain decimal number. */
  private static int size(String uri) {
    int size = 0;
    if (uri.length() == PREFIX.length() || uri.length() > PREFIX.length() + 9) {
      return -1;
    }
    for (int i = PREFIX.length(); i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      size = size * 10 + (c - '0');
    }
    return size;
  }

  /** Registers the filter ahead of every other one. */
  @Configuration(proxyBeanMethods = false)
  public static class Registration {
    @Bean
    FilterRegistrationBean<RawCeiling> rawCeiling(CompareServer.Bodies bodies) {
      FilterRegistrationBean<RawCeiling> registration =
          new FilterRegistrationBean<>(new RawCeiling(bodies));
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      registration.addUrlPatterns(PREFIX + "*");
      registration.setName("rawCeiling");
      return registration;
    }
  }
}
