package io.daramjwee.spring.tiers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;

/**
 * Says so in the log when the daramjwee starter on the classpath was built for another Spring
 * Boot generation than the one running, or when both starters are there. The cache works either
 * way, but the health contributor and the meters are conditioned on the Boot types of the
 * starter's generation, which moved between Boot 3.5 and 4, so a mismatched starter would lose
 * them without a word.
 *
 * <p>Each starter names itself in {@value #DESCRIPTOR}: {@code artifact} and
 * {@code boot-generation} (the Boot major version it is for).
 */
final class BootGenerationCheck {

  /** The resource each starter carries. */
  static final String DESCRIPTOR = "META-INF/daramjwee/starter.properties";

  private static final Logger log = LoggerFactory.getLogger(BootGenerationCheck.class);

  /** A starter as its descriptor names it. */
  record Starter(String artifact, int generation) {}

  private final Optional<String> warning;

  BootGenerationCheck(List<Starter> starters, String bootVersion) {
    this.warning = warning(starters, bootVersion);
    warning.ifPresent(log::warn);
  }

  /** Checks the starters on {@code loader}'s classpath against the running Boot. */
  static BootGenerationCheck of(ClassLoader loader) {
    return new BootGenerationCheck(starters(loader), SpringBootVersion.getVersion());
  }

  /** What was logged at WARN, if anything. */
  Optional<String> warning() {
    return warning;
  }

  static Optional<String> warning(List<Starter> starters, String bootVersion) {
    if (bootVersion == null || starters.isEmpty()) {
      return Optional.empty(); // not a packaged Boot, or the shared jar used without a starter
    }
    int running = Integer.parseInt(bootVersion.substring(0, bootVersion.indexOf('.')));
    if (starters.size() > 1) {
      return Optional.of("daramjwee: more than one starter is on the classpath ("
          + starters.stream().map(Starter::artifact).toList() + "); keep the one for Spring Boot "
          + running + ": " + artifactFor(running));
    }
    Starter starter = starters.get(0);
    if (starter.generation() == running) {
      return Optional.empty();
    }
    return Optional.of("daramjwee: " + starter.artifact() + " is for Spring Boot "
        + starter.generation() + ", but this application runs Spring Boot " + bootVersion
        + ": caching works, but the daramjwee health contributor and meters are off. Use "
        + artifactFor(running) + " instead.");
  }

  private static String artifactFor(int generation) {
    return generation >= 4 ? "io.daramjwee:daramjwee-spring-boot-starter"
        : "io.daramjwee:daramjwee-spring-boot3-starter";
  }

  private static List<Starter> starters(ClassLoader loader) {
    List<Starter> found = new ArrayList<>();
    try {
      for (URL url : Collections.list(loader.getResources(DESCRIPTOR))) {
        Properties descriptor = new Properties();
        try (InputStream in = url.openStream()) {
          descriptor.load(in);
        }
        found.add(new Starter(descriptor.getProperty("artifact"),
            Integer.parseInt(descriptor.getProperty("boot-generation").trim())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DESCRIPTOR, e);
    }
    return found;
  }
}
