package io.daramjwee.spring.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.condition.AbstractRequestCondition;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Decides once, at startup, whether {@link HandlerMatcher} may remember what the handler mappings
 * answer to a GET or HEAD by method and path ({@link RouteMemo}), and builds the memo if so.
 *
 * <p>An annotated handler can only come from a {@link RequestMappingInfoHandlerMapping} that
 * holds one; the matcher remembers only answers that came from the mappings up to and including
 * the last such mapping, so those mappings must answer by method and path alone. They may be:
 * <ul>
 *   <li>request-mapping mappings that leave Spring's lookup as it is (no subclass between them
 *       and {@code RequestMappingInfoHandlerMapping} redefines a lookup step: actuator's and
 *       {@code RequestMappingHandlerMapping} do not), whose patterns are all
 *       {@link PathPattern}s; a request mapping of theirs with a {@code params}, {@code headers},
 *       {@code consumes}, {@code produces}, API version or custom condition gives its patterns to
 *       the memo, which never remembers a path they match;
 *   <li>a plain {@link RouterFunctionMapping} without router functions or default handler (Spring
 *       MVC always registers one, ahead of the annotated controllers), which always answers none;
 * </ul>
 * none of them with an API version strategy (Spring 7), which reads the version from the request
 * before any lookup. Anything else there (a router function, a custom mapping, Ant-style
 * patterns, or an annotated mapping's empty or Ant-style pattern: {@code precheckable} false)
 * means no memo. Stateless.
 */
final class MemoSafety {

  /** The lookup steps of {@code AbstractHandlerMethodMapping} a subclass could make ask more. */
  private static final Set<String> LOOKUP_STEPS = Set.of("getHandlerInternal",
      "lookupHandlerMethod", "getMatchingMapping", "getMappingComparator", "handleMatch",
      "handleNoMatch", "initLookupPath", "getHandlerExecutionChain",
      "getCorsHandlerExecutionChain", "getDefaultHandler");

  private MemoSafety() {}

  /**
   * The memo for {@code mappings} (in dispatcher order) whose handler methods {@code annotated}
   * carry routes, or null when their answers may depend on more than method and path.
   */
  static RouteMemo memoFor(List<HandlerMapping> mappings, Set<Method> annotated,
      boolean precheckable) {
    if (!precheckable || annotated.isEmpty()) {
      return null;
    }
    int last = -1;
    for (int i = 0; i < mappings.size(); i++) {
      if (mappings.get(i) instanceof RequestMappingInfoHandlerMapping m && holdsAny(m, annotated)) {
        last = i;
      }
    }
    List<PathPattern> conditioned = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      HandlerMapping mapping = mappings.get(i);
      if (hasVersionStrategy(mapping)) {
        return null;
      }
      if (mapping instanceof RequestMappingInfoHandlerMapping m) {
        if (redefinesLookup(m.getClass()) || !addConditioned(m, conditioned)) {
          return null;
        }
      } else if (!(mapping.getClass() == RouterFunctionMapping.class
          && ((RouterFunctionMapping) mapping).getRouterFunction() == null
          && ((RouterFunctionMapping) mapping).getDefaultHandler() == null)) {
        return null;
      }
    }
    return last < 0 ? null : new RouteMemo(last + 1, conditioned);
  }

  private static boolean holdsAny(RequestMappingInfoHandlerMapping mapping, Set<Method> methods) {
    for (HandlerMethod handler : mapping.getHandlerMethods().values()) {
      if (methods.contains(handler.getMethod())) {
        return true;
      }
    }
    return false;
  }

  /** Adds the patterns of the conditioned mappings; false when a pattern is Ant-style. */
  private static boolean addConditioned(RequestMappingInfoHandlerMapping mapping,
      List<PathPattern> conditioned) {
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
      if (patterns == null) {
        return false;
      }
      if (!info.getParamsCondition().isEmpty() || !info.getHeadersCondition().isEmpty()
          || !info.getConsumesCondition().isEmpty() || !info.getProducesCondition().isEmpty()
          || info.getCustomCondition() != null || hasVersion(info)) {
        conditioned.addAll(patterns.getPatterns());
      }
    }
    return true;
  }

  /** Whether a class from {@code type} up to Spring's request-mapping lookup redefines a step. */
  private static boolean redefinesLookup(Class<?> type) {
    try {
      for (Class<?> c = type; c != RequestMappingInfoHandlerMapping.class; c = c.getSuperclass()) {
        for (Method method : c.getDeclaredMethods()) {
          if (LOOKUP_STEPS.contains(method.getName())) {
            return true;
          }
        }
      }
      return false;
    } catch (LinkageError e) {
      return true; // cannot tell
    }
  }

  /** Spring 7's API versioning: the version is read from the request before the lookup. */
  private static boolean hasVersionStrategy(HandlerMapping mapping) {
    return invokes(mapping, "getApiVersionStrategy") != null;
  }

  private static boolean hasVersion(RequestMappingInfo info) {
    Object condition = invokes(info, "getVersionCondition");
    return condition instanceof AbstractRequestCondition<?> c ? !c.isEmpty() : condition != null;
  }

  /** The result of a public no-argument getter of Spring 7, null before it; itself on failure. */
  private static Object invokes(Object target, String getter) {
    Method method;
    try {
      method = target.getClass().getMethod(getter);
    } catch (NoSuchMethodException e) {
      return null;
    }
    try {
      return method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return target; // cannot tell: answer as if it had one
    }
  }
}
