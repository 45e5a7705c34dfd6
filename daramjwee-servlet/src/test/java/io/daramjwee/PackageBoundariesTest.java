package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package graph of DESIGN.md section 1: each package imports only packages ranked at or
 * below it (so there are no cycles), stores do not import each other, and each third-party
 * library is imported only by the one package that integrates it. An import of a library not
 * listed here fails, so a new dependency is a decision, not an accident.
 */
class PackageBoundariesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  /** The chunk and manifest layout key-value stores share; it imports no store itself. */
  private static final String CHUNKED = "io.daramjwee.store.chunked";
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)[.*\\w]*;");

  /** Rank of each daramjwee package; a package may import ranks at or below its own. */
  private static int rank(String pkg) {
    if (pkg.startsWith("io.daramjwee.internal")) {
      return 0;
    }
    if (pkg.startsWith("io.daramjwee.policy")) {
      return 1;
    }
    if (pkg.startsWith("io.daramjwee.store.")) {
      return 3;
    }
    if (pkg.startsWith("io.daramjwee.http")) {
      return 4;
    }
    if (pkg.startsWith("io.daramjwee.proxy")) {
      return 5;
    }
    if (pkg.startsWith("io.daramjwee.servlet")) {
      return 6;
    }
    if (pkg.equals("io.daramjwee") || pkg.startsWith("io.daramjwee.purge")) {
      return 2;
    }
    throw new AssertionError("package " + pkg + " has no place in DESIGN.md section 1");
  }

  /** Third-party libraries and the only package allowed to import each. */
  private static final Map<String, String> LIBRARY_OWNERS = Map.of(
      "jakarta.servlet.", "io.daramjwee.servlet",
      "org.ehcache.", "io.daramjwee.store.ehcache",
      "software.amazon.awssdk.", "io.daramjwee.store.s3",
      "io.lettuce.", "io.daramjwee.store.redis",
      "org.apache.hc.", "io.daramjwee.proxy");

  @Test
  void everyImportRespectsThePackageGraph() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(files).as("sources found under " + SOURCES.toAbsolutePath()).isNotEmpty();
    for (Path file : files) {
      String source = Files.readString(file);
      Matcher pm = PACKAGE.matcher(source);
      String pkg = pm.find() ? pm.group(1) : "";
      Matcher im = IMPORT.matcher(source);
      while (im.find()) {
        String problem = check(pkg, im.group(1));
        if (problem != null) {
          violations.add(SOURCES.relativize(file) + ": " + problem);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  private static String check(String pkg, String imported) {
    if (imported.startsWith("java.") || imported.startsWith("javax.net.")) {
      return null; // the JDK (javax.net.ssl is in java.base)
    }
    if (imported.startsWith("org.slf4j.")) {
      return rank(pkg) == 1 ? "the policy package may import only the JDK: " + imported : null;
    }
    if (imported.startsWith("io.daramjwee.")) {
      String target = imported.substring(0, imported.lastIndexOf('.'));
      if (Character.isUpperCase(target.charAt(target.lastIndexOf('.') + 1))) {
        target = target.substring(0, target.lastIndexOf('.')); // a nested type
      }
      if (rank(target) > rank(pkg)) {
        return "imports " + imported + " from a higher package";
      }
      if (rank(target) == 3 && rank(pkg) == 3 && !target.equals(pkg)
          && !target.equals(CHUNKED)) {
        return "one store imports another: " + imported;
      }
      return null;
    }
    for (Map.Entry<String, String> owner : LIBRARY_OWNERS.entrySet()) {
      if (imported.startsWith(owner.getKey())) {
        return pkg.equals(owner.getValue()) ? null
            : imported + " may be imported only by " + owner.getValue();
      }
    }
    return "imports a library this test does not know: " + imported;
  }
}
