package io.daramjwee.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the shared starter tests (daramjwee-spring/src/starter-test) need that differs between Boot
 * generations, for Spring Boot 4. The Boot 3.5 starter has a class of the same name for its line.
 */
public final class BootLine {

  /** The Boot generation this starter is for. */
  public static final int GENERATION = 4;

  /** The type a health contributor has; filtered out to run without Boot's health support. */
  public static final Class<?> HEALTH_CONTRIBUTOR = HealthContributor.class;

  private static final JsonMapper JSON = JsonMapper.builder().build();

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
    return ((CompositeHealthContributor) composite).stream()
        .map(HealthContributors.Entry::name).toList();
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
    return JSON.readValue(json, Object.class);
  }
}
