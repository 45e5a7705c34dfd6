package io.daramjwee.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.http.CacheResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/grafana/daramjwee.json} asks only for what the sample app really exports: every
 * {@code daramjwee_} metric its queries name is a family on {@code /actuator/prometheus}, with
 * every label the queries filter or group by, so a renamed meter or tag fails here rather than
 * leaving users an empty panel. The app runs for real, started as {@code main} would, and serves a
 * miss and a hit first, since request counters appear only once counted.
 *
 * <p>The dashboard is read with the application's own Jackson, the export as text.
 */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of("docs", "grafana", "daramjwee.json");
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** Labels Prometheus adds to every series it scrapes: the app never exports them. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

  private static final Pattern METRIC = Pattern.compile("\\bdaramjwee_[a-zA-Z0-9_]*");
  private static final Pattern SELECTOR =
      Pattern.compile("\\b(daramjwee_[a-zA-Z0-9_]*)\\s*(?:\\{([^}]*)})?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  /** {@code by (a, b)} and {@code without (a, b)}; and a variable's {@code label_values(m, a)}. */
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(?:by|without)\\s*\\(([^)]*)\\)|\\blabel_values\\(.*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path cacheDirectory;

  private static ConfigurableApplicationContext context;
  private static int port;
  private static Map<String, Object> dashboard;
  /** Metric family on the export, by name, to the label names its samples carry. */
  private static Map<String, Set<String>> exported;

  @BeforeAll
  static void startTheAppAndScrapeIt() throws IOException {
    dashboard = JsonMapper.builder().build().readValue(Files.readString(findDashboard()),
        new TypeReference<Map<String, Object>>() {});
    // Arguments, as main would get them: they outrank application.yml, which default properties
    // (SpringApplicationBuilder.properties) do not. The proxy route's upstream follows
    // server.port, so on a random port it points nowhere; the requests below use controllers.
    context = new SpringApplicationBuilder(SampleApplication.class).run(
        "--server.port=0",
        "--management.endpoints.web.exposure.include=health,prometheus",
        "--daramjwee.hot.ehcache.directory=" + cacheDirectory.resolve("ehcache"),
        "--daramjwee.cold.file.directory=" + cacheDirectory.resolve("cold"));
    port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

    assertThat(cacheStatus(get("/articles/1"))).contains("fwd=miss");
    // A hit is counted once the miss is published, which may trail its response.
    await().atMost(PATIENCE).until(() -> cacheStatus(get("/articles/1")), s -> s.contains("hit"));
    assertThat(get("/time").statusCode()).isEqualTo(200);

    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    exported = families(scrape.body());
  }

  @AfterAll
  static void stopTheApp() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void everyPanelQueriesDaramjweeMeters() {
    List<Map<String, Object>> panels = panels();

    assertThat(panels).hasSizeGreaterThanOrEqualTo(6);
    for (Map<String, Object> panel : panels) {
      assertThat(exprs(panel)).as("queries of panel %s", panel.get("title"))
          .isNotEmpty()
          .allSatisfy(expr -> assertThat(expr).containsPattern(METRIC));
    }
  }

  @Test
  void everyMetricTheDashboardNames_isExportedByTheApp() {
    Set<String> named = new TreeSet<>();
    for (String query : queries()) {
      METRIC.matcher(query).results().forEach(m -> named.add(m.group()));
    }

    assertThat(named).as("daramjwee metrics in the dashboard").hasSizeGreaterThanOrEqualTo(10);
    Set<String> daramjwee = new TreeSet<>();
    exported.keySet().stream().filter(name -> name.startsWith("daramjwee_")).forEach(daramjwee::add);
    assertThat(daramjwee).as("daramjwee metric families on /actuator/prometheus")
        .containsAll(named);
  }

  @Test
  void everyLabelAQueryFiltersOrGroupsBy_isOnTheMetricsItQueries() {
    for (String query : queries()) {
      Set<String> labels = new TreeSet<>();
      Set<String> metrics = new LinkedHashSet<>();
      Matcher selector = SELECTOR.matcher(query);
      while (selector.find()) {
        metrics.add(selector.group(1));
        if (selector.group(2) != null) {
          MATCHER.matcher(selector.group(2)).results().forEach(m -> labels.add(m.group(1)));
        }
      }
      Matcher grouping = GROUPING.matcher(query);
      while (grouping.find()) {
        String grouped = grouping.group(1) != null ? grouping.group(1) : grouping.group(2);
        Arrays.stream(grouped.split(",")).map(String::trim)
            .filter(label -> !label.isEmpty()).forEach(labels::add);
      }
      labels.removeAll(TARGET_LABELS);
      for (String metric : metrics) {
        assertThat(exported.getOrDefault(metric, Set.of()))
            .as("labels of %s, which %s uses", metric, query).containsAll(labels);
      }
    }
  }

  @Test
  void everyResultTheDashboardSelects_isOneTheFilterCounts() {
    Set<String> tags = Arrays.stream(CacheResult.values()).map(CacheResult::tag)
        .collect(Collectors.toSet());
    List<String> selected = new ArrayList<>();
    for (String query : queries()) {
      Matcher selector = SELECTOR.matcher(query);
      while (selector.find()) {
        if (selector.group(2) == null) {
          continue;
        }
        MATCHER.matcher(selector.group(2)).results()
            .filter(m -> m.group(1).equals("result"))
            .forEach(m -> selected.addAll(Arrays.asList(m.group(3).split("\\|"))));
      }
    }

    assertThat(selected).as("result values the dashboard selects")
        .contains("hit", "stale", "stale-if-error")
        .allSatisfy(value -> assertThat(tags).contains(value));
  }

  /** The panels that draw data: every panel, rows' nested ones included, but the rows. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> panels() {
    List<Map<String, Object>> panels = new ArrayList<>();
    List<Object> pending = new ArrayList<>((List<Object>) dashboard.get("panels"));
    while (!pending.isEmpty()) {
      Map<String, Object> panel = (Map<String, Object>) pending.remove(0);
      if ("row".equals(panel.get("type"))) {
        pending.addAll((List<Object>) panel.getOrDefault("panels", List.of()));
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  @SuppressWarnings("unchecked")
  private static List<String> exprs(Map<String, Object> panel) {
    return ((List<Object>) panel.getOrDefault("targets", List.of())).stream()
        .map(target -> (String) ((Map<String, Object>) target).get("expr")).toList();
  }

  /** Every PromQL query: the panels' targets and the template variables' queries. */
  @SuppressWarnings("unchecked")
  private static List<String> queries() {
    List<String> queries = new ArrayList<>();
    panels().forEach(panel -> queries.addAll(exprs(panel)));
    Map<String, Object> templating = (Map<String, Object>) dashboard.get("templating");
    for (Object variable : (List<Object>) templating.get("list")) {
      Object query = ((Map<String, Object>) variable).get("query");
      if (query instanceof Map<?, ?> map) {
        query = map.get("query");
      }
      if (query instanceof String text && !text.isEmpty()) {
        queries.add(text);
      }
    }
    return queries;
  }

  /** The Prometheus text export's families, each with the label names of its samples. */
  private static Map<String, Set<String>> families(String export) {
    Map<String, Set<String>> families = new HashMap<>();
    for (String line : export.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        families.computeIfAbsent(line.split(" ")[2], name -> new TreeSet<>());
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Set<String> labels = families.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
      if (sample.group(2) != null) {
        LABEL.matcher(sample.group(2)).results().forEach(m -> labels.add(m.group(1)));
      }
    }
    return families;
  }

  /** The dashboard, found from the working directory up: the module's or the repository's. */
  private static Path findDashboard() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(DASHBOARD);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(DASHBOARD + " is in no directory above "
        + Path.of("").toAbsolutePath());
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("(none)");
  }

  private static HttpResponse<String> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
