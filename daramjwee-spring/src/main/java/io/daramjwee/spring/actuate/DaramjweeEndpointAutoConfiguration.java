package io.daramjwee.spring.actuate;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import io.daramjwee.spring.web.DaramjweeRoutes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code daramjwee} actuator endpoint ({@link DaramjweeEndpoint}), when the actuator is present
 * and the endpoint is enabled and exposed. Route, tag and path purges go through the
 * {@link DaramjweeFilter} when there is one; the configuration that adapts it is guarded by the
 * Servlet API, so the endpoint also works in an application without it (key purges only).
 */
@AutoConfiguration(after = DaramjweeAutoConfiguration.class,
    afterName = "io.daramjwee.spring.web.DaramjweeWebAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(DaramjweeCache.class)
@ConditionalOnAvailableEndpoint(endpoint = DaramjweeEndpoint.class)
public class DaramjweeEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DaramjweeEndpoint daramjweeEndpoint(DaramjweeCache cache,
      ObjectProvider<DaramjweeProperties> properties, ObjectProvider<DaramjweeTiers> tiers,
      ObjectProvider<EndpointRoutes> routes, ObjectProvider<PurgeLog> purges) {
    return new DaramjweeEndpoint(cache, properties.getIfUnique(), tiers.getIfUnique(),
        routes.getIfUnique(), purges.getIfUnique());
  }

  /** Adapts the filter; only read when the Servlet API, which the filter is made of, is here. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  static class FilterRoutesConfiguration {

    @Bean
    @ConditionalOnBean(DaramjweeFilter.class)
    EndpointRoutes daramjweeEndpointRoutes(DaramjweeFilter filter,
        ObjectProvider<DaramjweeRoutes> table) {
      return new FilterEndpointRoutes(filter, table.getIfUnique());
    }
  }
}
