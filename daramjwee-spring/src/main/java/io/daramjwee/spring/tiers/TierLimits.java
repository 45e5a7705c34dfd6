package io.daramjwee.spring.tiers;

import io.daramjwee.DaramjweeBuilder;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.EhcacheStoreProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * The largest entry each built tier admits, from {@code daramjwee.<tier>.max-entry-size}: a value
 * set is checked against the store's capacity (failing startup naming the property), and an
 * unset one is left to the cache's default for the store ({@link
 * DaramjweeBuilder#defaultMaxEntrySize} of {@code Store.capacity()}), except for the Ehcache
 * store, which reports no capacity of its own: its default is computed here, by the same rule,
 * from its largest pool, where a large entry's chunks end up. Stateless.
 */
final class TierLimits {

  private TierLimits() {}

  /** {@code built}, each tier with its largest entry. */
  static List<DaramjweeTiers.Tier> apply(List<DaramjweeTiers.Tier> built,
      DaramjweeProperties properties) {
    List<DaramjweeTiers.Tier> limited = new ArrayList<>(built.size());
    for (int i = 0; i < built.size(); i++) {
      DaramjweeTiers.Tier tier = built.get(i);
      long capacity = capacity(tier, properties);
      DataSize set = property(tier.name(), properties);
      long limit;
      if (set != null) {
        if (capacity > 0 && set.toBytes() > capacity) {
          throw new InvalidConfigurationPropertyValueException(
              "daramjwee." + tier.name() + ".max-entry-size", set,
              "exceeds the " + DataSize.ofBytes(capacity) + " the " + tier.name() + " tier's "
                  + tier.type() + " store holds");
        }
        long servable = tier.store().maxServableEntry();
        if (servable >= 0 && set.toBytes() > servable) {
          throw new InvalidConfigurationPropertyValueException(
              "daramjwee." + tier.name() + ".max-entry-size", set,
              "exceeds the " + DataSize.ofBytes(servable) + " the " + tier.name() + " tier's "
                  + tier.type() + " store can serve (a reader pins its whole entry, up to"
                  + " daramjwee.hot.ehcache.heap-size)");
        }
        limit = set.toBytes();
      } else if (tier.type().equals(StoreBackend.EHCACHE.type())) {
        limit = DaramjweeBuilder.defaultMaxEntrySize(capacity, i < built.size() - 1);
        long servable = tier.store().maxServableEntry();
        limit = servable >= 0 ? Math.min(limit, servable) : limit;
      } else {
        limit = -1; // the cache's own default for the store
      }
      limited.add(new DaramjweeTiers.Tier(tier.name(), tier.type(), tier.store(), limit));
    }
    return limited;
  }

  private static long capacity(DaramjweeTiers.Tier tier, DaramjweeProperties properties) {
    if (tier.type().equals(StoreBackend.EHCACHE.type())) {
      EhcacheStoreProperties ehcache = properties.getHot().getEhcache();
      return Math.max(ehcache.getHeapSize().toBytes(),
          Math.max(ehcache.getOffHeapSize().toBytes(), ehcache.getDiskSize().toBytes()));
    }
    return tier.store().capacity();
  }

  private static DataSize property(String tier, DaramjweeProperties properties) {
    return switch (tier) {
      case "hot" -> properties.getHot().getMaxEntrySize();
      case "warm" -> properties.getWarm().getMaxEntrySize();
      case "cold" -> properties.getCold().getMaxEntrySize();
      default -> null;
    };
  }
}
