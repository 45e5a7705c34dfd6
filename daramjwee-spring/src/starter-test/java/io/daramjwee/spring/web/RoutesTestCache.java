package io.daramjwee.spring.web;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.store.memory.MemoryStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code DaramjweeCache} bean these tests stand in for the cache auto-configuration with: one
 * 8 MiB memory tier.
 */
@Configuration(proxyBeanMethods = false)
class RoutesTestCache {

  @Bean
  DaramjweeCache daramjweeCache() {
    return DaramjweeCache.builder()
        .tiers(MemoryStore.builder().capacity(8L << 20).build())
        .build();
  }
}
