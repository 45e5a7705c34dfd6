package io.daramjwee.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;

/**
 * What the shared starter tests (daramjwee-spring/src/starter-test) need that differs between Boot
 * generations, for Spring Boot 3.5. The Boot 4 starter has a class of the same name for its line.
 */
public final class BootLine {

  /** The Boot generation this starter is for. */
  public static final int GENERATION = 3;

  /** The type a health contributor has; filtered out to run without Boot's health support. */
  public static final Class<?> HEALTH_CONTRIBUTOR = HealthContributor.class;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BootLine() {}

  /** Boot's Micrometer auto-configuration with the simple registry, as in an application. */
  public static AutoConfigurations metrics() {
    return AutoConfigurations.of(MetricsAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class);
  }

  /** Boot's Spring MVC auto-configuration, whose handler mappings hold annotated handlers. */
  public static AutoConfigurations webMvc() {
    return AutoConfigurations.of(WebMvcAutoConfiguration.class);
  }

  /** The names of a composite health contributor's parts, in order. */
  public static List<String> partNames(Object composite) {
    return StreamSupport.stream(((CompositeHealthContributor) composite).spliterator(), false)
        .map(NamedContributor::getName).toList();
  }

  /** Whether the part {@code name} of a composite health contributor is an indicator. */
  public static boolean isIndicator(Object composite, String name) {
    return ((CompositeHealthContributor) composite).getContributor(name)
        instanceof HealthIndicator;
  }

  /** The health of the part {@code name} of a composite health contributor. */
  public static HealthView health(Object composite, String name) {
    Health health = ((HealthIndicator) ((CompositeHealthContributor) composite)
        .getContributor(name)).health();
    return new HealthView(health.getStatus().getCode(), health.getDetails());
  }

  /** A health indicator of the user's, always up. */
  public static Object userIndicator() {
    return (HealthIndicator) () -> Health.up().withDetail("own", true).build();
  }

  /** {@code json} parsed into maps, lists, strings, numbers, booleans and nulls. */
  public static Object parseJson(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
