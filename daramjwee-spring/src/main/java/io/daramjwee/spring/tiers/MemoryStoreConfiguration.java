package io.daramjwee.spring.tiers;

import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.MemoryStoreProperties;
import io.daramjwee.store.memory.MemoryStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** daramjwee's memory store, from {@code daramjwee.hot.memory}; built in, so always offered. */
@Configuration(proxyBeanMethods = false)
class MemoryStoreConfiguration {

  @Bean
  StoreFactory daramjweeMemoryStoreFactory() {
    return new StoreFactory(StoreBackend.MEMORY, MemoryStoreConfiguration::build);
  }

  static Store build(PropertyGroup group, String tier, DaramjweeProperties properties) {
    MemoryStoreProperties memory = properties.getHot().getMemory();
    group.feeds("capacity", "capacity", memory.getCapacity());
    try {
      return MemoryStore.builder()
          .capacity(memory.getCapacity().toBytes())
          .policy(memory.getEviction().policyName())
          .build();
    } catch (IllegalArgumentException e) {
      throw group.invalid(e);
    }
  }
}
