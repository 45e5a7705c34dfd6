package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.spring.DaramjweeProperties;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link DaramjweeWebAutoConfiguration}'s filter in a servlet web context without a server: how it
 * is registered, when it is installed or not, and user beans that replace its parts.
 */
class FilterAutoConfigurationTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeWebAutoConfiguration.class))
      .withUserConfiguration(RoutesTestCache.class);

  @Nested
  class Defaults {

    @Test
    void filterIsRegisteredForRequestAndAsyncDispatches_asyncSupported_onEveryPath() {
      runner.run(context -> {
        FilterRegistrationBean<?> registration = registration(context);
        assertThat(registration.getFilter()).isSameAs(context.getBean(DaramjweeFilter.class));
        assertThat(registration.determineDispatcherTypes())
            .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
        assertThat(registration.isAsyncSupported()).isTrue();
        assertThat(registration.getUrlPatterns()).containsExactly("/*");
        assertThat(registration.getOrder()).isZero();
      });
    }

    @Test
    void filterOrder_comesFromTheProperty() {
      runner.withPropertyValues("daramjwee.filter-order=-50")
          .run(context -> assertThat(registration(context).getOrder()).isEqualTo(-50));
    }

    @Test
    void noRoutesAtAll_stillStarts_withAnEmptyTable() {
      runner.run(context -> {
        assertThat(context).hasNotFailed().hasSingleBean(DaramjweeFilter.class);
        assertThat(context.getBean(DaramjweeRoutes.class).routes()).isEmpty();
      });
    }

    @Test
    void withoutACacheBean_nothingIsInstalled() {
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DaramjweeWebAutoConfiguration.class))
          .run(context -> assertThat(context).doesNotHaveBean(DaramjweeFilter.class)
              .doesNotHaveBean(DaramjweeRoutes.class));
    }

    @Test
    void outsideAServletWebApplication_nothingIsInstalled() {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DaramjweeWebAutoConfiguration.class))
          .withUserConfiguration(RoutesTestCache.class)
          .run(context -> assertThat(context).doesNotHaveBean(DaramjweeFilter.class));
    }
  }

  @Nested
  class Disabled {

    @Test
    void enabledFalse_installsNothing() {
      runner.withPropertyValues("daramjwee.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean(DaramjweeFilter.class)
              .doesNotHaveBean(DaramjweeRoutes.class)
              .doesNotHaveBean("daramjweeFilterRegistration"));
    }
  }

  @Nested
  class UserBeansWin {

    @Test
    void userFilter_isTheOneRegistered() {
      runner.withUserConfiguration(UserFilter.class).run(context -> {
        assertThat(context).hasSingleBean(DaramjweeFilter.class);
        assertThat(registration(context).getFilter())
            .isSameAs(context.getBean("userFilter"));
      });
    }

    @Test
    void userRoutes_areTheFiltersResolver() {
      runner.withUserConfiguration(UserRoutes.class).withPropertyValues(
          "daramjwee.routes[0].pattern=/ignored/**").run(context -> {
            assertThat(context).hasSingleBean(DaramjweeRoutes.class);
            assertThat(context.getBean(DaramjweeRoutes.class).routes()).isEmpty();
          });
    }

    @Test
    void userRegistration_replacesOurs() {
      runner.withUserConfiguration(UserRegistration.class).run(context ->
          assertThat(registration(context).getOrder()).isEqualTo(42));
    }
  }

  private static FilterRegistrationBean<?> registration(AssertableWebApplicationContext context) {
    assertThat(context).hasNotFailed();
    return context.getBean("daramjweeFilterRegistration", FilterRegistrationBean.class);
  }

  @Configuration(proxyBeanMethods = false)
  static class UserFilter {
    @Bean
    DaramjweeFilter userFilter(DaramjweeCache cache) {
      return DaramjweeFilter.builder(cache).routes(request -> null).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRoutes {
    @Bean
    DaramjweeRoutes userRoutes(org.springframework.context.ApplicationContext context) {
      return new DaramjweeRoutes(new DaramjweeProperties(), context);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRegistration {
    @Bean
    FilterRegistrationBean<DaramjweeFilter> daramjweeFilterRegistration(DaramjweeFilter filter) {
      FilterRegistrationBean<DaramjweeFilter> registration = new FilterRegistrationBean<>(filter);
      registration.setOrder(42);
      return registration;
    }
  }
}
