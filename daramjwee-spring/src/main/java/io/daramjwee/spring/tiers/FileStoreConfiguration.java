package io.daramjwee.spring.tiers;

import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.FileStoreProperties;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.file.FileStoreBuilder;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * daramjwee's file store, from {@code daramjwee.hot.file} or {@code daramjwee.cold.file}; built
 * in, so always offered.
 */
@Configuration(proxyBeanMethods = false)
class FileStoreConfiguration {

  @Bean
  StoreFactory daramjweeFileStoreFactory() {
    return new StoreFactory(StoreBackend.FILE, FileStoreConfiguration::build);
  }

  static Store build(PropertyGroup group, String tier, DaramjweeProperties properties) {
    FileStoreProperties file = "hot".equals(tier) ? properties.getHot().getFile()
        : properties.getCold().getFile();
    if (file.getDirectory() == null) {
      throw group.invalid("directory", null, "a file store needs a directory of its own: set "
          + group.name("directory"));
    }
    group.feeds("directory", "directory", file.getDirectory())
        .feeds("capacity", "capacity", file.getCapacity())
        .feeds("maxEntries", "max-entries", file.getMaxEntries());
    try {
      FileStoreBuilder builder = FileStore.builder()
          .directory(file.getDirectory())
          .capacity(file.getCapacity().toBytes())
          .policy(file.getEviction().policyName())
          .fsync(file.isFsync())
          .copyMode(file.isCopyMode());
      if (file.getMaxEntries() != null) {
        builder.maxEntries(file.getMaxEntries());
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw group.invalid(e);
    } catch (IOException e) {
      // Most often another store, in this process or another, holds the directory.
      RuntimeException failure = group.invalid("directory", file.getDirectory(),
          "the file store cannot open: " + e.getMessage());
      failure.addSuppressed(e);
      throw failure;
    }
  }
}
