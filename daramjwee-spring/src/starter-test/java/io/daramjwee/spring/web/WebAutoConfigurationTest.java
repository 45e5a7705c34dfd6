package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import io.daramjwee.proxy.Upstream;
import io.daramjwee.proxy.UpstreamRequest;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.spring.BootLine;
import io.daramjwee.spring.Daramjwee;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@link DaramjweeWebAutoConfiguration}'s route table in a servlet web context without a server:
 * routes from the properties, proxy routes, routes from annotated handlers, and how each fails.
 */
class WebAutoConfigurationTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeWebAutoConfiguration.class))
      .withUserConfiguration(RoutesTestCache.class);

  /** With Spring MVC's handler mappings, so annotated handlers are discovered. */
  private final WebApplicationContextRunner mvc = runner.withConfiguration(BootLine.webMvc());

  @Nested
  class PropertyRoutes {

    @Test
    void routes_areBuiltInOrder_idDefaultsToThePattern_unsetSettingsTakeTheDefaults() {
      runner.withPropertyValues(
          "daramjwee.fresh-for=2m",
          "daramjwee.max-object-size=1MB",
          "daramjwee.routes[0].pattern=/docs/**",
          "daramjwee.routes[0].tags=docs,static",
          "daramjwee.routes[1].id=feed",
          "daramjwee.routes[1].pattern=/feed",
          "daramjwee.routes[1].fresh-for=5s",
          "daramjwee.routes[1].query-exclude=utm").run(context -> {
            DaramjweeRoutes routes = context.getBean(DaramjweeRoutes.class);
            assertThat(routes.routes()).extracting(Route::id).containsExactly("/docs/**", "feed");
            RouteRules docs = routes.routes().get(0).rules();
            assertThat(docs.freshFor()).isEqualTo(Duration.ofMinutes(2));
            assertThat(docs.maxObjectSize()).isEqualTo(1024 * 1024);
            RouteRules feed = routes.routes().get(1).rules();
            assertThat(feed.freshFor()).isEqualTo(Duration.ofSeconds(5));
            assertThat(feed.queryExclude()).containsExactly("utm");
            assertThat(routes.tags("/docs/**")).containsExactlyInAnyOrder("docs", "static");
            assertThat(routes.routeIdsTagged("static")).containsExactly("/docs/**");
            assertThat(routes.description("feed")).isEqualTo("/feed -> controller");
          });
    }

    @Test
    void routeWithUpstream_isAProxyRoute() {
      runner.withPropertyValues("daramjwee.routes[0].pattern=/proxy/**",
          "daramjwee.routes[0].upstream=http://localhost:1/origin").run(context -> {
            Route route = context.getBean(DaramjweeRoutes.class).routes().get(0);
            assertThat(route.upstream()).isNotNull();
            assertThat(context.getBean(DaramjweeRoutes.class).description("/proxy/**"))
                .isEqualTo("/proxy/** -> http://localhost:1/origin");
          });
    }

    @Test
    void forwardHeaders_defaultsToAll_andKeyedBinds() {
      runner.withPropertyValues("daramjwee.routes[0].id=open",
          "daramjwee.routes[0].pattern=/open/**",
          "daramjwee.routes[0].upstream=http://localhost:1/origin",
          "daramjwee.routes[1].id=strict",
          "daramjwee.routes[1].pattern=/strict/**",
          "daramjwee.routes[1].upstream=http://localhost:1/origin",
          "daramjwee.routes[1].forward-headers=keyed").run(context -> {
            DaramjweeRoutes routes = context.getBean(DaramjweeRoutes.class);
            assertThat(rules(routes, "open").forwardHeaders())
                .isEqualTo(RouteRules.ForwardHeaders.ALL);
            assertThat(rules(routes, "strict").forwardHeaders())
                .isEqualTo(RouteRules.ForwardHeaders.KEYED);
          });
    }

    @Test
    void proxyRoutesUpstream_isClosedWithTheContext() {
      AtomicReference<Upstream> upstream = new AtomicReference<>();
      runner.withPropertyValues("daramjwee.routes[0].pattern=/proxy/**",
          "daramjwee.routes[0].upstream=http://localhost:1").run(context ->
              upstream.set(context.getBean(DaramjweeRoutes.class).routes().get(0).upstream()));

      assertThatIllegalStateException().isThrownBy(() -> upstream.get().exchange(
              new UpstreamRequest("GET", "/", Headers.empty(), "127.0.0.1", "http", "localhost"),
              null, -1))
          .withMessageContaining("closed");
    }

    @Test
    void upstreamWithoutAScheme_failsNamingTheProperty() {
      // The properties' validation refuses it, naming the route's property and the value.
      runner.withPropertyValues("daramjwee.routes[0].pattern=/proxy/**",
          "daramjwee.routes[0].upstream=localhost/origin").run(context ->
              assertThat(context).getFailure()
                  .hasStackTraceContaining("Binding validation errors on daramjwee")
                  .hasStackTraceContaining("field 'routes[0].upstream'")
                  .hasStackTraceContaining("rejected value [localhost/origin]")
                  .hasStackTraceContaining("must be an absolute http or https URL"));
    }

    @Test
    void upstreamWithoutHttpClient_failsNamingThePropertyAndTheDependency() {
      runner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5"))
          .withPropertyValues("daramjwee.routes[0].pattern=/local/**",
              "daramjwee.routes[1].pattern=/proxy/**",
              "daramjwee.routes[1].upstream=http://localhost:1")
          .run(context -> assertThat(context).getFailure()
              .hasMessageContaining("daramjwee.routes[1].upstream")
              .hasMessageContaining("org.apache.httpcomponents.client5:httpclient5"));
    }

    @Test
    void bothQueryIncludeAndExclude_failsNamingTheRoute() {
      runner.withPropertyValues("daramjwee.routes[0].pattern=/a",
          "daramjwee.routes[0].query-include=q", "daramjwee.routes[0].query-exclude=utm")
          .run(context -> assertThat(context).getFailure()
              .hasMessageContaining("daramjwee.routes[0]")
              .hasMessageContaining("must not both be set"));
    }

    @Test
    void propertyAndAnnotatedRoutesWithOneId_failNamingBoth() {
      mvc.withUserConfiguration(Articles.class)
          .withPropertyValues("daramjwee.routes[0].id=Articles.article",
              "daramjwee.routes[0].pattern=/a/**")
          .run(context -> assertThat(context).getFailure()
              .hasMessageContaining("'Articles.article'")
              .hasMessageContaining("/a/** -> controller")
              .hasMessageContaining("WebAutoConfigurationTest.Articles#article"));
    }
  }

  @Nested
  class AnnotatedHandlers {

    @Test
    void annotatedHandlers_areRoutes_afterThePropertyRoutes() {
      mvc.withUserConfiguration(Articles.class, Catalog.class)
          .withPropertyValues("daramjwee.routes[0].pattern=/docs/**", "catalog.fresh=1m")
          .run(context -> {
            DaramjweeRoutes routes = context.getBean(DaramjweeRoutes.class);
            assertThat(routes.routes()).extracting(Route::id)
                .containsExactly("/docs/**", "Articles.article", "Catalog.item", "prices");
            assertThat(routes.description("Articles.article"))
                .isEqualTo("/articles/{id} -> WebAutoConfigurationTest.Articles#article");
            assertThat(routes.tags("Articles.article")).containsExactly("articles");
          });
    }

    @Test
    void methodAttributesWin_thenTheClass_thenTheProperties() {
      mvc.withUserConfiguration(Catalog.class)
          .withPropertyValues("daramjwee.stale-for=7s", "catalog.fresh=1m").run(context -> {
            DaramjweeRoutes routes = context.getBean(DaramjweeRoutes.class);
            RouteRules item = rules(routes, "Catalog.item");
            assertThat(item.freshFor()).isEqualTo(Duration.ofMinutes(1)); // class, placeholder
            assertThat(item.staleFor()).isEqualTo(Duration.ofSeconds(7)); // property
            assertThat(item.vary()).containsExactly("Accept-Language"); // class
            RouteRules prices = rules(routes, "prices");
            assertThat(prices.freshFor()).isEqualTo(Duration.ofSeconds(10)); // method
            assertThat(prices.vary()).containsExactly("Accept"); // method
            assertThat(prices.maxObjectSize()).isEqualTo(512 * 1024);
            assertThat(routes.tags("prices")).containsExactly("catalog");
            assertThat(routes.routeIdsTagged("catalog")).containsExactly("Catalog.item", "prices");
          });
    }

    @Test
    void springMvcHidden_annotationsAreIgnored_propertyRoutesStillWork() {
      runner.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
          .withUserConfiguration(Articles.class)
          .withPropertyValues("daramjwee.routes[0].pattern=/docs/**").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DaramjweeFilter.class);
            assertThat(context.getBean(DaramjweeRoutes.class).routes()).extracting(Route::id)
                .containsExactly("/docs/**");
          });
    }

    @Test
    void unparseableDuration_failsNamingTheHandlerAndAttribute() {
      mvc.withUserConfiguration(BadDuration.class).run(context ->
          assertThat(context).getFailure()
              .hasMessageContaining("WebAutoConfigurationTest$BadDuration#get()")
              .hasMessageContaining("staleFor 'soon' is not a duration"));
    }

    @Test
    void unparseableSize_failsNamingTheHandlerAndAttribute() {
      mvc.withUserConfiguration(BadSize.class).run(context ->
          assertThat(context).getFailure()
              .hasMessageContaining("WebAutoConfigurationTest$BadSize#get()")
              .hasMessageContaining("maxObjectSize 'huge' is not a size"));
    }

    @Test
    void unresolvedPlaceholder_failsNamingTheHandlerAndAttribute() {
      mvc.withUserConfiguration(Catalog.class).run(context ->
          assertThat(context).getFailure()
              .hasMessageContaining("WebAutoConfigurationTest$Catalog#item")
              .hasMessageContaining("freshFor '${catalog.fresh}'"));
    }

    @Test
    void duplicateIds_failNamingBothHandlers() {
      mvc.withUserConfiguration(SameIdOne.class, SameIdTwo.class).run(context ->
          assertThat(context).getFailure()
              .hasMessageContaining("'same'")
              .hasMessageContaining("SameIdOne#get")
              .hasMessageContaining("SameIdTwo#get"));
    }

    @Test
    void handlerThatCannotAcceptGet_failsNamingTheHandler() {
      mvc.withUserConfiguration(PostOnly.class).run(context ->
          assertThat(context).getFailure()
              .hasMessageContaining("WebAutoConfigurationTest$PostOnly#create()")
              .hasMessageContaining("only GET"));
    }
  }

  private static RouteRules rules(DaramjweeRoutes routes, String id) {
    List<Route> matching = routes.routes().stream().filter(r -> r.id().equals(id)).toList();
    assertThat(matching).as("route %s", id).hasSize(1);
    return matching.get(0).rules();
  }

  @RestController
  static class Articles {
    @GetMapping("/articles/{id}")
    @Daramjwee(tags = "articles")
    String article() {
      return "article";
    }
  }

  @RestController
  @RequestMapping("/catalog")
  @Daramjwee(freshFor = "${catalog.fresh}", vary = "Accept-Language", tags = "catalog")
  static class Catalog {
    @GetMapping("/items/{id}")
    String item() {
      return "item";
    }

    @GetMapping("/prices/{id}")
    @Daramjwee(id = "prices", freshFor = "10s", vary = "Accept", maxObjectSize = "512KB")
    String price() {
      return "price";
    }
  }

  @RestController
  static class BadDuration {
    @GetMapping("/bad-duration")
    @Daramjwee(staleFor = "soon")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadSize {
    @GetMapping("/bad-size")
    @Daramjwee(maxObjectSize = "huge")
    String get() {
      return "";
    }
  }

  @RestController
  static class SameIdOne {
    @GetMapping("/one")
    @Daramjwee(id = "same")
    String get() {
      return "";
    }
  }

  @RestController
  static class SameIdTwo {
    @GetMapping("/two")
    @Daramjwee(id = "same")
    String get() {
      return "";
    }
  }

  @RestController
  static class PostOnly {
    @PostMapping("/things")
    @Daramjwee
    String create() {
      return "";
    }
  }
}
