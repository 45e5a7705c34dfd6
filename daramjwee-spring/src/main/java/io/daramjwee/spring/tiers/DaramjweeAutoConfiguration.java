package io.daramjwee.spring.tiers;

import io.daramjwee.DaramjweeBuilder;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.PromotionProperties;
import io.daramjwee.spring.WorkerProperties;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of the daramjwee cache and its tiers, from {@code daramjwee.*}. Each
 * backend's configuration offers a store factory when its library is present; the tiers are built
 * from the ones {@code daramjwee.hot.type} and {@code daramjwee.cold.type} select. Both beans back
 * off to the application's own: a {@link DaramjweeTiers} to bring other stores (the cache is then
 * built over them), a {@link DaramjweeCache} to build the cache itself (the tiers bean can be injected
 * into it: {@code .tiers(tiers.stores()).tierNames(tiers.names())} keeps the tiers' names in the
 * {@code Cache-Status} detail).
 *
 * <p>The cache does not close its stores: on shutdown the context closes the cache first, as it
 * depends on the tiers, and then the tiers, which close each store once.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "daramjwee", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DaramjweeProperties.class)
@Import({EhcacheStoreConfiguration.class, MemoryStoreConfiguration.class,
    FileStoreConfiguration.class, S3StoreConfiguration.class, RedisStoreConfiguration.class,
    PurgeLogConfiguration.class})
public class DaramjweeAutoConfiguration {

  /** Logs at WARN when the starter is for another Boot generation (see the class). */
  @Bean
  static BootGenerationCheck daramjweeBootGenerationCheck() {
    return BootGenerationCheck.of(DaramjweeAutoConfiguration.class.getClassLoader());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  DaramjweeTiers daramjweeTiers(DaramjweeProperties properties,
      ObjectProvider<StoreFactory> factories, Environment environment) {
    return new TierSelection(factories.orderedStream().toList())
        .select(properties, setIn(environment));
  }

  /** Whether a data-size property is set in {@code environment}, in any of its relaxed forms. */
  static Predicate<String> setIn(Environment environment) {
    Binder binder = Binder.get(environment);
    return property -> binder.bind(property, Bindable.of(DataSize.class)).isBound();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public DaramjweeCache daramjwee(DaramjweeProperties properties, DaramjweeTiers tiers,
      PurgeLog purgeLog) {
    WorkerProperties worker = properties.getWorker();
    PromotionProperties promotion = properties.getPromotion();
    DaramjweeBuilder builder = DaramjweeCache.builder()
        .tiers(tiers.stores())
        .tierNames(tiers.names())
        .freshness(properties.getFreshFor(), properties.getNegativeFreshFor())
        .staleWindow(properties.getStaleFor())
        .staleIfError(properties.getStaleIfError())
        .worker(worker.getThreads(), worker.getQueueSize(), worker.getJobTimeout())
        .opTimeout(properties.getCoalesceTimeout())
        .promotionProbation(promotion.getProbationHits(), promotion.getProbationWindow())
        .clock(purgeLog.clock()); // entries stamped on the clock purge marks are taken on
    long[] maxEntrySizes = tiers.maxEntrySizes();
    for (int i = 0; i < maxEntrySizes.length; i++) {
      if (maxEntrySizes[i] > 0) {
        builder.tierMaxEntrySize(i, maxEntrySizes[i]);
      }
    }
    return builder.build();
  }
}
