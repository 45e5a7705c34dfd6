package io.daramjwee.spring.actuate;

import static io.daramjwee.spring.TierTestSupport.set;
import static io.daramjwee.spring.TierTestSupport.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.RouteRules;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class EndpointAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
          DaramjweeAutoConfiguration.class, DaramjweeEndpointAutoConfiguration.class))
      .withPropertyValues("daramjwee.hot.type=memory",
          "management.endpoints.web.exposure.include=daramjwee");

  @Nested
  class Conditions {

    @Test
    void exposed_theEndpoint() {
      runner.run(context -> assertThat(context).hasSingleBean(DaramjweeEndpoint.class)
          .doesNotHaveBean(EndpointRoutes.class));
    }

    @Test
    void notExposed_noEndpoint() {
      runner.withPropertyValues("management.endpoints.web.exposure.include=health")
          .run(context -> assertThat(context).doesNotHaveBean(DaramjweeEndpoint.class));
    }

    @Test
    void withoutTheActuator_noEndpoint() {
      runner.withClassLoader(new FilteredClassLoader(
              Endpoint.class))
          .run(context -> assertThat(context).hasNotFailed()
              .doesNotHaveBean(DaramjweeEndpoint.class));
    }

    @Test
    void withAFilterOfTheApplications_purgesGoThroughIt_tagsMarkEntriesOfAnyRoute() {
      runner.withUserConfiguration(OwnFilter.class).run(context -> {
        assertThat(context).hasSingleBean(EndpointRoutes.class);
        DaramjweeEndpoint endpoint = context.getBean(DaramjweeEndpoint.class);
        assertThat(endpoint.purge(null, null, "any", null, null).getBody())
            .isEqualTo(new DaramjweeEndpoint.Purged("route", "any", false, List.of("any")));
        assertThat(endpoint.purge(null, "/articles/1", null, null, true).getBody())
            .isEqualTo(new DaramjweeEndpoint.Purged("path", "/articles/1", true, List.of()));
        assertThat(endpoint.purge(null, "articles/1", null, null, null).getBody())
            .isEqualTo(new DaramjweeEndpoint.Message(
                "path must start with '/': 'articles/1'"));
        // Tags are stored with each entry now, so no route table is needed to purge one.
        WebEndpointResponse<Object> tag = endpoint.purge(null, null, null, "articles", null);
        assertThat(tag.getStatus()).isEqualTo(200);
        assertThat(tag.getBody())
            .isEqualTo(new DaramjweeEndpoint.Purged("tag", "articles", false, List.of()));
        assertThat(endpoint.summary().routes()).isEmpty();
      });
    }
  }

  /** A filter the application builds itself, without the starter's route table. */
  @Configuration(proxyBeanMethods = false)
  static class OwnFilter {

    @Bean
    DaramjweeFilter daramjweeFilter(DaramjweeCache cache) {
      return DaramjweeFilter.builder(cache)
          .route(Route.controller("/articles/**", RouteRules.builder("articles").build()))
          .build();
    }
  }

  @Nested
  class Purges {

    @Test
    void aKey_isDeletedFromEveryTier() {
      runner.run(context -> {
        DaramjweeCache cache = context.getBean(DaramjweeCache.class);
        set(cache, "greeting", "hello");
        WebEndpointResponse<Object> response =
            context.getBean(DaramjweeEndpoint.class).purge("greeting", null, null, null, null);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getBody())
            .isEqualTo(new DaramjweeEndpoint.Purged("key", "greeting", false, List.of()));
        assertThat(stored(context.getBean(DaramjweeTiers.class).stores()[0], "greeting"))
            .isNull();
      });
    }

    @Test
    void twoParameters_are400() {
      runner.run(context -> assertThat(context.getBean(DaramjweeEndpoint.class)
          .purge("k", "/p", null, null, null).getStatus()).isEqualTo(400));
    }

    @Test
    void aRouteWithoutAFilter_is404WithAMessage() {
      runner.run(context -> {
        WebEndpointResponse<Object> response =
            context.getBean(DaramjweeEndpoint.class).purge(null, null, "articles", null, null);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getBody()).isEqualTo(new DaramjweeEndpoint.Message(
            "no daramjwee filter: only a hard key purge works without one"));
      });
    }

    @Test
    void aSoftKeyPurgeWithoutAFilter_is404_andDeletesNothing() {
      runner.run(context -> {
        DaramjweeCache cache = context.getBean(DaramjweeCache.class);
        set(cache, "greeting", "hello");
        WebEndpointResponse<Object> response =
            context.getBean(DaramjweeEndpoint.class).purge("greeting", null, null, null, true);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(stored(context.getBean(DaramjweeTiers.class).stores()[0], "greeting"))
            .isNotNull();
      });
    }

    @Test
    void theSummaryShowsThePurgeMarks() {
      runner.run(context -> {
        EndpointSummary.PurgeView purges =
            context.getBean(DaramjweeEndpoint.class).summary().purges();
        assertThat(purges).isNotNull();
        assertThat(purges.reconciled()).isTrue();
        assertThat(purges.connected()).isTrue();
        assertThat(purges.where()).isEqualTo("journal=none, channel=none");
      });
    }
  }
}
