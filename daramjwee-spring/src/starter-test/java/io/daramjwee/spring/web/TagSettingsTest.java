package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.servlet.Route;
import io.daramjwee.spring.BootLine;
import io.daramjwee.spring.Daramjwee;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tag settings of {@link DaramjweeWebAutoConfiguration} without a server: templates from
 * {@code @Daramjwee(tags)} and {@code daramjwee.routes[n].tags} become the routes' rules (and the
 * route table's tags, as written), and a bad template or tag header fails startup naming the
 * handler or the property.
 */
class TagSettingsTest {

  private final WebApplicationContextRunner mvc = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeWebAutoConfiguration.class))
      .withConfiguration(BootLine.webMvc())
      .withUserConfiguration(RoutesTestCache.class);

  @Test
  void annotationAndPropertyTemplates_becomeTheRoutesTags() {
    mvc.withUserConfiguration(Articles.class)
        .withPropertyValues("daramjwee.routes[0].pattern=/docs/{section}",
            "daramjwee.routes[0].tags=docs:{section}")
        .run(context -> {
          DaramjweeRoutes routes = context.getBean(DaramjweeRoutes.class);
          assertThat(routes.routes()).extracting(Route::id)
              .containsExactly("/docs/{section}", "Articles.article");
          assertThat(routes.routes()).extracting(route -> route.rules().tags())
              .containsExactly(List.of("docs:{section}"), List.of("article:{id}", "articles"));
          assertThat(routes.tags("Articles.article"))
              .containsExactlyInAnyOrder("article:{id}", "articles");
        });
  }

  @Test
  void tagHeaderThatIsNotAHeaderName_failsNamingTheProperty() {
    mvc.withPropertyValues("daramjwee.tag-header=Surrogate Key").run(context ->
        assertThat(context).getFailure()
            .hasStackTraceContaining("field 'tag-header'")
            .hasStackTraceContaining("rejected value [Surrogate Key]")
            .hasStackTraceContaining("must be a header name"));
  }

  @Test
  void malformedPropertyTemplate_failsNamingTheProperty() {
    mvc.withPropertyValues("daramjwee.routes[0].pattern=/docs/{section}",
            "daramjwee.routes[0].tags=docs:{section")
        .run(context -> assertThat(context).getFailure()
            .hasMessageContaining("daramjwee.routes[0].tags")
            .hasMessageContaining("tag template 'docs:{section' has an unclosed '{'"));
  }

  @Test
  void malformedAnnotationTemplate_failsNamingTheHandler() {
    mvc.withUserConfiguration(BadTemplate.class).run(context ->
        assertThat(context).getFailure()
            .hasMessageContaining("TagSettingsTest$BadTemplate#get()")
            .hasMessageContaining("tag template 'article:{}' has an empty variable name"));
  }

  @RestController
  static class Articles {
    @GetMapping("/articles/{id}")
    @Daramjwee(tags = {"article:{id}", "articles"})
    String article() {
      return "article";
    }
  }

  @RestController
  static class BadTemplate {
    @GetMapping("/bad/{id}")
    @Daramjwee(tags = "article:{}")
    String get() {
      return "";
    }
  }
}
