package io.daramjwee.spring.web;

import io.daramjwee.http.RouteRules;
import io.daramjwee.spring.Daramjwee;
import io.daramjwee.spring.DaramjweeProperties;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.unit.DataSize;

/**
 * Reads {@link Daramjwee @Daramjwee} off a handler method and its class into route rules. Each
 * attribute is taken from the method's annotation when set there, else from the class's, else
 * from the {@code daramjwee.*} properties; {@code allowAuthorization} is on when either
 * annotation turns it on. Strings are resolved for {@code ${...}} placeholders first. A value that
 * does not resolve or parse fails with an {@link IllegalStateException} naming the handler and the
 * attribute. Thread-safe once built (it only reads).
 */
final class AnnotatedRules {

  private final DaramjweeProperties properties;
  private final PropertyResolver placeholders;

  AnnotatedRules(DaramjweeProperties properties, PropertyResolver placeholders) {
    this.properties = properties;
    this.placeholders = placeholders;
  }

  /**
   * What the annotations say for one handler: its rules (the route id and tag templates among
   * them) and the tag templates as written, for the route table.
   */
  record Reading(RouteRules rules, Set<String> tags) {}

  /**
   * The route of {@code method} on {@code type}, or {@code null} when neither carries the
   * annotation.
   *
   * @param handler names the handler in failure messages
   */
  Reading read(Class<?> type, Method method, String handler) {
    Daramjwee onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Daramjwee.class);
    Daramjwee onType = AnnotatedElementUtils.findMergedAnnotation(type, Daramjwee.class);
    if (onMethod == null && onType == null) {
      return null;
    }
    Attributes a = new Attributes(onMethod, onType, handler);
    String id = a.string("id", Daramjwee::id);
    if (id.isEmpty()) {
      id = type.getSimpleName() + "." + method.getName();
    }
    RouteRules.Builder rules = RuleDefaults.rules(id, properties)
        .vary(List.of(a.strings("vary", Daramjwee::vary)))
        .queryInclude(new LinkedHashSet<>(Arrays.asList(a.strings("queryInclude",
            Daramjwee::queryInclude))))
        .queryExclude(new LinkedHashSet<>(Arrays.asList(a.strings("queryExclude",
            Daramjwee::queryExclude))))
        .allowAuthorization(onMethod != null && onMethod.allowAuthorization()
            || onType != null && onType.allowAuthorization());
    a.duration("freshFor", Daramjwee::freshFor, rules::freshFor);
    a.duration("staleFor", Daramjwee::staleFor, rules::staleFor);
    a.duration("staleIfError", Daramjwee::staleIfError, rules::staleIfError);
    a.duration("negativeFreshFor", Daramjwee::negativeFreshFor, rules::negativeFreshFor);
    a.size("maxObjectSize", Daramjwee::maxObjectSize, size -> rules.maxObjectSize(size.toBytes()));
    Set<String> tags = new LinkedHashSet<>(Arrays.asList(a.strings("tags", Daramjwee::tags)));
    rules.tags(List.copyOf(tags));
    try {
      return new Reading(rules.build(), tags);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("@Daramjwee on " + handler + ": " + e.getMessage(), e);
    }
  }

  /** One handler's two annotations, read attribute by attribute. */
  private final class Attributes {
    private final Daramjwee onMethod;
    private final Daramjwee onType;
    private final String handler;

    Attributes(Daramjwee onMethod, Daramjwee onType, String handler) {
      this.onMethod = onMethod;
      this.onType = onType;
      this.handler = handler;
    }

    /** The method's value when not empty, else the class's, resolved; empty when neither. */
    String string(String attribute, Function<Daramjwee, String> get) {
      String raw = onMethod != null ? get.apply(onMethod) : "";
      if (raw.isEmpty() && onType != null) {
        raw = get.apply(onType);
      }
      return resolve(attribute, raw).trim();
    }

    String[] strings(String attribute, Function<Daramjwee, String[]> get) {
      String[] raw = onMethod != null ? get.apply(onMethod) : new String[0];
      if (raw.length == 0 && onType != null) {
        raw = get.apply(onType);
      }
      return Arrays.stream(raw).map(value -> resolve(attribute, value).trim())
          .toArray(String[]::new);
    }

    void duration(String attribute, Function<Daramjwee, String> get, Consumer<Duration> set) {
      String value = string(attribute, get);
      if (value.isEmpty()) {
        return; // the property default already in the builder
      }
      Duration parsed;
      try {
        parsed = DurationStyle.detectAndParse(value);
      } catch (IllegalArgumentException e) {
        throw invalid(attribute, value, "is not a duration, such as 30s, 5m or PT1H");
      }
      if (parsed.isNegative()) {
        throw invalid(attribute, value, "must not be negative");
      }
      set.accept(parsed);
    }

    void size(String attribute, Function<Daramjwee, String> get, Consumer<DataSize> set) {
      String value = string(attribute, get);
      if (value.isEmpty()) {
        return;
      }
      DataSize parsed;
      try {
        parsed = DataSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw invalid(attribute, value, "is not a size, such as 512KB or 10MB");
      }
      if (parsed.toBytes() <= 0) {
        throw invalid(attribute, value, "must be positive");
      }
      set.accept(parsed);
    }

    private String resolve(String attribute, String raw) {
      try {
        return placeholders.resolveRequiredPlaceholders(raw);
      } catch (IllegalArgumentException e) {
        throw invalid(attribute, raw, "has a placeholder that does not resolve (" + e.getMessage()
            + ")");
      }
    }

    private IllegalStateException invalid(String attribute, String value, String reason) {
      return new IllegalStateException("@Daramjwee on " + handler + ": " + attribute + " '"
          + value + "' " + reason);
    }
  }
}
