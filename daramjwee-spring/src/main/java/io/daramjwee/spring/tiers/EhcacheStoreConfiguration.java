package io.daramjwee.spring.tiers;

import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.EhcacheStoreProperties;
import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.ehcache.EhcacheStoreBuilder;
import java.nio.file.Path;
import org.ehcache.StateTransitionException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Ehcache store, from {@code daramjwee.hot.ehcache}, offered when Ehcache is on the classpath.
 * The condition names the class rather than referring to it, so this class stays readable when
 * Ehcache is absent.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.ehcache.CacheManager")
class EhcacheStoreConfiguration {

  @Bean
  StoreFactory daramjweeEhcacheStoreFactory() {
    return new StoreFactory(StoreBackend.EHCACHE, Stores::build);
  }

  /** Kept apart so that this configuration class never links against Ehcache's classes. */
  static final class Stores {

    private Stores() {}

    static Store build(PropertyGroup group, String tier, DaramjweeProperties properties) {
      EhcacheStoreProperties ehcache = properties.getHot().getEhcache();
      boolean disk = ehcache.getDiskSize().toBytes() > 0;
      Path directory = ehcache.getDirectory() != null || !disk ? ehcache.getDirectory()
          : Path.of(System.getProperty("java.io.tmpdir"), "daramjwee-ehcache");
      group.feeds("heapSize", "heap-size", ehcache.getHeapSize())
          .feeds("offHeapSize", "off-heap-size", ehcache.getOffHeapSize())
          .feeds("diskSize", "disk-size", ehcache.getDiskSize())
          .feeds("directory", "directory", directory);
      EhcacheStoreBuilder builder = EhcacheStore.builder();
      try {
        builder.heapSize(ehcache.getHeapSize().toBytes());
        // The builder takes only positive pool sizes; zero means the pool is left out.
        if (ehcache.getOffHeapSize().toBytes() > 0) {
          builder.offHeapSize(ehcache.getOffHeapSize().toBytes());
        }
        if (disk) {
          builder.diskSize(ehcache.getDiskSize().toBytes()).persistent(ehcache.isPersistent());
        }
        // A directory without a disk pool is passed on too: the builder rejects it, rather than
        // this ignoring a setting the user expects to persist something.
        if (directory != null) {
          builder.directory(directory);
        }
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw group.invalid(e);
      } catch (StateTransitionException e) {
        if (ehcache.getOffHeapSize().toBytes() > 0 && exceedsDirectMemory(e)) {
          // Off-heap is direct memory, allocated when the cache starts.
          RuntimeException failure = group.invalid("off-heap-size", ehcache.getOffHeapSize(),
              "Ehcache cannot allocate its off-heap pool: it is direct memory, limited by"
                  + " -XX:MaxDirectMemorySize, by default the maximum heap ("
                  + MemoryBudget.format(Runtime.getRuntime().maxMemory()) + " in this JVM);"
                  + " lower it, or raise that limit");
          failure.addSuppressed(e);
          throw failure;
        }
        // With a disk pool, this mostly means another cache manager holds the directory.
        if (!disk) {
          throw e;
        }
        RuntimeException failure = group.invalid("directory", directory,
            "Ehcache cannot open its disk pool there: " + e.getMessage());
        failure.addSuppressed(e);
        throw failure;
      }
    }
  }

  /** Whether Ehcache refused the off-heap pool as more than the JVM's direct memory allows. */
  static boolean exceedsDirectMemory(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("-XX:MaxDirectMemorySize")) {
        return true;
      }
    }
    return false;
  }
}
