package io.daramjwee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Keeps the starter's package layout (see the Javadoc of package {@code io.daramjwee.spring}):
 * the API package depends on no sub-package; each sub-package imports only the ones listed for it
 * (so {@code web} never reaches into {@code actuate}); each library, and each daramjwee package,
 * is referenced only by the sub-packages that integrate it, whether by an import or by a
 * fully-qualified name in the code; no daramjwee type is named fully-qualified at all; the class
 * names in strings and in the auto-configuration imports file name classes that exist; and the
 * public types are the ones listed here, so a new one is a decision. A reference to a library not
 * listed fails, as in {@code daramjwee-servlet}'s {@code PackageBoundariesTest}.
 *
 * <p>It reads both halves of the running starter: the shared sources of {@code daramjwee-spring},
 * which may not name a Boot type that differs between Boot 3.5 and 4, and the starter's own, each
 * of which must name one (anything else belongs in the shared module).
 */
class SpringPackageBoundariesTest {

  /** The sources that are the same on every Boot generation, and this starter's own. */
  private static final Path SHARED = Path.of("../daramjwee-spring/src/main/java");
  private static final Path LINE = Path.of("src/main/java");
  private static final Path IMPORTS_FILE = Path.of("src/main/resources/META-INF/spring/"
      + "org.springframework.boot.autoconfigure.AutoConfiguration.imports");
  private static final String API = "io.daramjwee.spring";

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?([\\w.]+?)(?:\\.\\*)?;");
  /** A qualified type name in code: two or more lower-case segments, then a capital. */
  private static final Pattern QUALIFIED =
      Pattern.compile("(?<![\\w.])((?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*)");
  private static final Pattern STRING_OR_CHAR =
      Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'");
  private static final Pattern CLASS_NAME_IN_STRING =
      Pattern.compile("\"(io\\.daramjwee\\.[\\w.$]*[A-Z][\\w$]*)\"");
  private static final Pattern AUTO_CONFIGURATION = Pattern.compile("(?m)^@AutoConfiguration\\b");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public (?:final |abstract )*(?:class|interface|record|enum|@interface) (\\w+)");

  /** The sub-packages each starter package may import; the API package imports none. */
  private static final Map<String, Set<String>> STARTER_IMPORTS = Map.of(
      API, Set.of(),
      API + ".tiers", Set.of(API),
      API + ".web", Set.of(API),
      API + ".metrics", Set.of(API, API + ".tiers"),
      API + ".actuate", Set.of(API, API + ".tiers", API + ".web"));

  /**
   * Who may reference what, first matching prefix wins: daramjwee's packages, then libraries.
   * An empty set: no starter package may.
   */
  private static final Map<String, Set<String>> OWNERS = new LinkedHashMap<>();

  static {
    Set<String> all = STARTER_IMPORTS.keySet();
    OWNERS.put("io.daramjwee.store.", Set.of(API + ".tiers"));
    // What the listener hears: the metrics count it; no other HTTP decision is theirs.
    OWNERS.put("io.daramjwee.http.CacheResult",
        Set.of(API + ".web", API + ".metrics", API + ".actuate"));
    OWNERS.put("io.daramjwee.http.", Set.of(API + ".web", API + ".actuate"));
    OWNERS.put("io.daramjwee.proxy.", Set.of(API + ".web"));
    OWNERS.put("io.daramjwee.servlet.", Set.of(API + ".web", API + ".metrics", API + ".actuate"));
    OWNERS.put("io.daramjwee.policy.", Set.of());
    OWNERS.put("io.daramjwee.internal.", Set.of());
    OWNERS.put("io.daramjwee.", all); // the engine's API: the cache, stores, stats, exceptions
    OWNERS.put("jakarta.servlet.", Set.of(API + ".web"));
    OWNERS.put("org.springframework.web.", Set.of(API + ".web"));
    OWNERS.put("org.springframework.http.", Set.of(API + ".web"));
    OWNERS.put("org.springframework.boot.web.", Set.of(API + ".web"));
    OWNERS.put("org.springframework.boot.actuate.autoconfigure.metrics.", Set.of(API + ".metrics"));
    OWNERS.put("org.springframework.boot.micrometer.", Set.of(API + ".metrics"));
    OWNERS.put("org.springframework.boot.actuate.", Set.of(API + ".actuate"));
    OWNERS.put("org.springframework.boot.health.", Set.of(API + ".actuate"));
    OWNERS.put("io.micrometer.", Set.of(API + ".metrics"));
    OWNERS.put("org.ehcache.", Set.of(API + ".tiers"));
    OWNERS.put("software.amazon.awssdk.", Set.of(API + ".tiers"));
    OWNERS.put("org.apache.hc.", Set.of());
    OWNERS.put("org.springframework.boot.SpringBootVersion", Set.of(API + ".tiers"));
    // A Redis connection-details bean's SSL bundle: the same type on every Boot generation.
    OWNERS.put("org.springframework.boot.ssl.", Set.of(API + ".tiers"));
    // Boot's Redis connection details: Boot 4's module, and Boot 3.5's auto-configuration.
    OWNERS.put("org.springframework.boot.data.redis.", Set.of(API + ".tiers"));
    OWNERS.put("org.springframework.boot.autoconfigure.data.redis.", Set.of(API + ".tiers"));
    for (String everywhere : List.of("java.", "org.slf4j.", "org.springframework.beans.",
        "org.springframework.context.", "org.springframework.core.",
        "org.springframework.util.", "org.springframework.lang.",
        "org.springframework.validation.", "org.springframework.boot.autoconfigure.",
        "org.springframework.boot.context.", "org.springframework.boot.convert.")) {
      OWNERS.put(everywhere, all);
    }
  }

  /**
   * Boot types that moved between Boot 3.5 and 4 (health, Micrometer and web MVC
   * auto-configuration, Redis connection details): only a starter's own sources may name them,
   * never the shared ones.
   */
  private static final List<String> BOOT_GENERATION_SPECIFIC = List.of(
      "org.springframework.boot.health.", "org.springframework.boot.actuate.health.",
      "org.springframework.boot.actuate.autoconfigure.health.",
      "org.springframework.boot.actuate.autoconfigure.metrics.",
      "org.springframework.boot.micrometer.", "org.springframework.boot.webmvc.",
      "org.springframework.boot.autoconfigure.web.", "org.springframework.boot.data.redis.",
      "org.springframework.boot.autoconfigure.data.redis.");

  /** The public types of each package; everything else stays package-private. */
  private static final Map<String, Set<String>> PUBLIC_TYPES = Map.of(
      API, Set.of("Daramjwee", "DaramjweeProperties", "DaramjweeTiers", "WorkerProperties",
          "RefreshProperties", "UpstreamProperties", "HotTierProperties", "ColdTierProperties",
          "EhcacheStoreProperties", "MemoryStoreProperties", "FileStoreProperties",
          "S3StoreProperties", "RouteProperties", "WarmTierProperties", "RedisStoreProperties",
          "ClusterProperties", "PurgeProperties", "PromotionProperties"),
      API + ".tiers", Set.of("DaramjweeAutoConfiguration", "StoreSize",
          "DaramjweeRedisConnectionAutoConfiguration"),
      API + ".web", Set.of("DaramjweeWebAutoConfiguration", "DaramjweeRoutes"),
      API + ".metrics", Set.of("DaramjweeMetricsAutoConfiguration"),
      API + ".actuate", Set.of("DaramjweeEndpointAutoConfiguration",
          "DaramjweeHealthAutoConfiguration"));

  private static List<Source> sources;

  @BeforeAll
  static void readSources() throws IOException {
    List<Source> all = new ArrayList<>();
    for (Path root : List.of(SHARED, LINE)) {
      try (Stream<Path> walk = Files.walk(root)) {
        List<Source> found = walk.filter(p -> p.toString().endsWith(".java")).sorted()
            .map(p -> Source.read(root, p)).toList();
        assertThat(found).as("sources found under " + root.toAbsolutePath()).isNotEmpty();
        all.addAll(found);
      }
    }
    sources = all;
  }

  @Test
  void everyReferenceRespectsThePackageRules() {
    List<String> violations = new ArrayList<>();
    for (Source source : sources) {
      if (!STARTER_IMPORTS.containsKey(source.pkg)) {
        violations.add(source + ": package " + source.pkg + " has no place in the layout");
        continue;
      }
      for (String imported : source.imports) {
        String problem = check(source, imported);
        if (problem != null) {
          violations.add(source + ": imports " + imported + ": " + problem);
        }
      }
      for (String named : source.qualifiedNames) {
        String problem = named.startsWith("io.daramjwee.")
            ? "a daramjwee type named fully-qualified: import it"
            : check(source, named);
        if (problem != null) {
          violations.add(source + ": names " + named + ": " + problem);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /** A starter holds only what differs between Boot generations; the rest is shared. */
  @Test
  void everyStarterSourceNamesABootTypeThatDiffersBetweenGenerations() {
    List<String> portable = new ArrayList<>();
    for (Source source : sources) {
      if (source.root.equals(LINE) && Stream.concat(source.imports.stream(),
          source.qualifiedNames.stream()).noneMatch(SpringPackageBoundariesTest::specific)) {
        portable.add(source.toString());
      }
    }
    assertThat(portable).as("starter sources that could be shared: move them to daramjwee-spring")
        .isEmpty();
  }

  @Test
  void everyClassNamedInAString_exists() {
    List<String> missing = new ArrayList<>();
    for (Source source : sources) {
      for (String name : source.classNamesInStrings) {
        if (!loads(name)) {
          missing.add(source + ": " + name);
        }
      }
    }
    assertThat(missing).as("class names in strings (afterName = ...) of no class").isEmpty();
  }

  @Test
  void theImportsFileListsEveryAutoConfiguration_andNothingElse() throws IOException {
    Set<String> listed = new TreeSet<>(Files.readAllLines(IMPORTS_FILE).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
    Set<String> annotated = new TreeSet<>();
    for (Source source : sources) {
      if (AUTO_CONFIGURATION.matcher(source.code).find()) {
        annotated.add(source.pkg + "." + source.simpleName());
      }
    }
    assertThat(listed).isEqualTo(annotated);
    for (String name : listed) {
      assertThat(load(name)).as(name).isNotNull()
          .satisfies(type -> assertThat(type.isAnnotationPresent(AutoConfiguration.class))
              .as(name + " is an @AutoConfiguration").isTrue());
    }
  }

  @Test
  void thePublicTypesAreTheListedOnes() {
    Map<String, Set<String>> found = new TreeMap<>();
    for (Source source : sources) {
      Matcher m = PUBLIC_TYPE.matcher(source.code);
      if (m.find()) {
        found.computeIfAbsent(source.pkg, p -> new TreeSet<>()).add(m.group(1));
      }
    }
    Map<String, Set<String>> expected = new TreeMap<>();
    PUBLIC_TYPES.forEach((pkg, types) -> expected.put(pkg, new TreeSet<>(types)));
    assertThat(found).as("public top-level types by package; make a new one package-private, or"
        + " list it here if another package must use it").isEqualTo(expected);
  }

  @Test
  void everyPackageHasItsJavadoc() {
    for (String pkg : STARTER_IMPORTS.keySet()) {
      Path info = SHARED.resolve(pkg.replace('.', '/')).resolve("package-info.java");
      assertThat(info).as("the package Javadoc of " + pkg).exists();
    }
  }

  /** Why {@code source} may not reference {@code name}, or null when it may. */
  private static String check(Source source, String name) {
    String pkg = source.pkg;
    if (source.root.equals(SHARED) && specific(name)) {
      return "differs between Boot generations: only each starter may name it";
    }
    if (name.startsWith(API + ".") || name.equals(API)) {
      String target = packageOf(name);
      if (target.equals(pkg) || STARTER_IMPORTS.get(pkg).contains(target)) {
        return null;
      }
      return pkg + " may use only " + STARTER_IMPORTS.get(pkg);
    }
    for (Map.Entry<String, Set<String>> owner : OWNERS.entrySet()) {
      if (name.startsWith(owner.getKey())) {
        return owner.getValue().contains(pkg) ? null
            : owner.getKey() + "* belongs to " + owner.getValue();
      }
    }
    return "a library this test does not know";
  }

  /** The package of a type name: the segments before the first capitalized one. */
  private static String packageOf(String name) {
    StringBuilder pkg = new StringBuilder();
    for (String segment : name.split("\\.")) {
      if (Character.isUpperCase(segment.charAt(0))) {
        break;
      }
      pkg.append(pkg.length() == 0 ? "" : ".").append(segment);
    }
    return pkg.toString();
  }

  private static boolean specific(String name) {
    return BOOT_GENERATION_SPECIFIC.stream().anyMatch(name::startsWith);
  }

  private static boolean loads(String name) {
    return load(name) != null;
  }

  /** The class, not initialized, or null when there is none of that name. */
  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, SpringPackageBoundariesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** One source file, read once. */
  private record Source(Path root, Path path, String pkg, String code, List<String> imports,
      List<String> qualifiedNames, List<String> classNamesInStrings) {

    static Source read(Path root, Path path) {
      String text;
      try {
        text = Files.readString(path);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Matcher pm = PACKAGE.matcher(text);
      String pkg = pm.find() ? pm.group(1) : "";
      List<String> imports = new ArrayList<>();
      Matcher im = IMPORT.matcher(text);
      while (im.find()) {
        imports.add(im.group(1));
      }
      List<String> inStrings = new ArrayList<>();
      Matcher sm = CLASS_NAME_IN_STRING.matcher(text);
      while (sm.find()) {
        inStrings.add(sm.group(1));
      }
      // Strings may name classes (afterName, ConditionalOnClass(name)); code and comments may not.
      String code = STRING_OR_CHAR.matcher(text).replaceAll("\"\"");
      List<String> qualified = new ArrayList<>();
      // A package Javadoc stands before the package line, where no import reaches: it may link.
      boolean packageInfo = path.getFileName().toString().equals("package-info.java");
      String body = code.replaceAll("(?m)^(?:package|import) .*$", "");
      Matcher qm = QUALIFIED.matcher(body);
      while (qm.find() && !packageInfo) {
        qualified.add(qm.group(1));
      }
      return new Source(root, path, pkg, code, imports, qualified, inStrings);
    }

    String simpleName() {
      String file = path.getFileName().toString();
      return file.substring(0, file.length() - ".java".length());
    }

    @Override
    public String toString() {
      return (root.equals(SHARED) ? "daramjwee-spring: " : "starter: ")
          + root.relativize(path);
    }
  }
}
