package io.daramjwee.spring.tiers;

import io.daramjwee.purge.FilePurgeJournal;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The {@link PurgeLog} of the cache and the filter: journaled where a tier outlives the process
 * ({@link JournalLocation}), and in cluster mode shared over Redis ({@link ClusterLink}), whose
 * clock then stamps entries and marks alike. The cache and the filter take their clock from it.
 */
@Configuration(proxyBeanMethods = false)
class PurgeLogConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(PurgeLogConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ClusterLink daramjweeClusterLink(DaramjweeProperties properties, Environment environment,
      ObjectProvider<RedisConnectionDetailsReader> redisDetails, ObjectProvider<Clock> clock,
      ResourceLoader resources) {
    Clock base = clock.getIfUnique(Clock::systemUTC);
    return properties.getCluster().isEnabled()
        ? ClusterLink.redis(properties.getCluster(),
            SpringRedisServer.address(environment, redisDetails.getIfAvailable()), base,
            resources.getClassLoader())
        : ClusterLink.none(base);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  PurgeLog daramjweePurgeLog(DaramjweeProperties properties, ClusterLink cluster) {
    PurgeLog.Builder log = PurgeLog.builder().clock(cluster.clock()).channel(cluster.channel());
    JournalLocation location = JournalLocation.of(properties);
    if (location.directory() != null) {
      try {
        log.journal(FilePurgeJournal.in(location.directory()));
      } catch (IOException e) {
        throw new InvalidConfigurationPropertyValueException(location.property(),
            location.directory(), "the purge journal cannot be opened there: " + e.getMessage());
      }
    } else if (location.unjournaledTier() != null && cluster.channel() == null) {
      LOG.warn("purges are held in memory only: after a restart the {} tier may serve an entry "
          + "purged before it; set daramjwee.purge.journal-directory, or "
          + "daramjwee.cluster.enabled", location.unjournaledTier());
    }
    return log.build();
  }

  /** Where the journal goes, and which property said so (to name it when it cannot open). */
  record JournalLocation(Path directory, String property, String unjournaledTier) {

    static JournalLocation of(DaramjweeProperties p) {
      Path set = p.getPurge().getJournalDirectory();
      if (set != null) {
        return new JournalLocation(set, "daramjwee.purge.journal-directory", null);
      }
      if (p.getHot().getType() == DaramjweeProperties.HotType.FILE) {
        return beside(p.getHot().getFile().getDirectory(), "daramjwee.hot.file.directory");
      }
      if (p.getCold().getType() == DaramjweeProperties.ColdType.FILE) {
        return beside(p.getCold().getFile().getDirectory(), "daramjwee.cold.file.directory");
      }
      boolean ehcache = p.getHot().getType() == DaramjweeProperties.HotType.EHCACHE
          || p.getHot().getType() == DaramjweeProperties.HotType.AUTO;
      if (ehcache && p.getHot().getEhcache().isPersistent()
          && p.getHot().getEhcache().getDirectory() != null) {
        return beside(p.getHot().getEhcache().getDirectory(), "daramjwee.hot.ehcache.directory");
      }
      String unjournaled = p.getCold().getType() == DaramjweeProperties.ColdType.S3 ? "s3"
          : p.getWarm().getType() == DaramjweeProperties.WarmType.REDIS ? "redis" : null;
      return new JournalLocation(null, null, unjournaled);
    }

    /** {@code <directory>.purges}, beside the tier's own directory, never inside it. */
    private static JournalLocation beside(Path directory, String property) {
      if (directory == null) {
        return new JournalLocation(null, null, null); // the tier itself fails startup for it
      }
      Path absolute = directory.toAbsolutePath().normalize();
      Path sibling = absolute.resolveSibling(absolute.getFileName() + ".purges");
      return new JournalLocation(sibling, property, null);
    }
  }
}
