package io.daramjwee.spring.tiers;

import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeProperties.ColdType;
import io.daramjwee.spring.DaramjweeProperties.HotType;
import io.daramjwee.spring.DaramjweeTiers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the tiers the properties ask for from the {@link StoreFactory factories} the classpath
 * allows: {@code daramjwee.hot.type} and {@code daramjwee.cold.type} each select a backend from
 * the {@link StoreBackend} table, and a backend without a factory fails naming the property and
 * the dependency to add. Stateless.
 */
final class TierSelection {

  static final String HOT_TYPE = "daramjwee.hot.type";
  static final String COLD_TYPE = "daramjwee.cold.type";

  private final Map<StoreBackend, StoreFactory> factories = new EnumMap<>(StoreBackend.class);

  TierSelection(Iterable<StoreFactory> factories) {
    factories.forEach(f -> this.factories.put(f.backend(), f));
  }

  /**
   * Builds the stores. On a failure the stores already built are closed, so that a directory or
   * a client they hold does not outlive the failed startup.
   */
  DaramjweeTiers select(DaramjweeProperties properties) {
    StoreBackend hot = hotBackend(properties.getHot().getType());
    ColdType coldType = properties.getCold().getType();
    StoreBackend cold = coldType == ColdType.NONE ? null : StoreBackend.of(coldType);
    if (hot == null && cold == null) {
      throw new InvalidConfigurationPropertyValueException(HOT_TYPE, "none",
          "without a hot tier the cold tier is read on every hit, and " + COLD_TYPE
              + " is none too: choose a store for either, or set daramjwee.enabled=false to"
              + " turn the cache off");
    }
    StoreFactory hotFactory = hot == null ? null : factory(hot, HOT_TYPE);
    StoreFactory coldFactory = cold == null ? null : factory(cold, COLD_TYPE);
    List<DaramjweeTiers.Tier> built = new ArrayList<>(2);
    try {
      if (hotFactory != null) {
        built.add(new DaramjweeTiers.Tier("hot", hot.type(),
            hotFactory.create("hot", properties)));
      }
      if (coldFactory != null) {
        built.add(new DaramjweeTiers.Tier("cold", cold.type(),
            coldFactory.create("cold", properties)));
      }
      checkTierZero(built.get(0));
      return DaramjweeTiers.of(built);
    } catch (RuntimeException e) {
      closeAll(built, e);
      throw e;
    }
  }

  /** {@code auto} prefers Ehcache, and falls back to the memory store when it is absent. */
  private StoreBackend hotBackend(HotType type) {
    return switch (type) {
      case NONE -> null;
      case AUTO -> factories.containsKey(StoreBackend.EHCACHE) ? StoreBackend.EHCACHE
          : StoreBackend.MEMORY;
      default -> StoreBackend.of(type);
    };
  }

  private StoreFactory factory(StoreBackend backend, String property) {
    StoreFactory factory = factories.get(backend);
    if (factory == null) {
      throw new InvalidConfigurationPropertyValueException(property, backend.type(),
          backend.absentReason());
    }
    return factory;
  }

  /** Tier 0 is replaced under its readers: a store that cannot do that safely refuses it. */
  private static void checkTierZero(DaramjweeTiers.Tier tier) {
    String refusal = tier.store().hotTierRefusal();
    if (refusal == null) {
      return;
    }
    if (tier.name().equals("hot")) {
      throw new InvalidConfigurationPropertyValueException(HOT_TYPE, tier.type(),
          "the " + tier.type() + " store, as daramjwee.hot." + tier.type()
              + " configures it, refuses to be tier 0: " + refusal);
    }
    throw new InvalidConfigurationPropertyValueException(HOT_TYPE, "none",
        "without a hot tier the cold " + tier.type() + " store is tier 0, which it refuses: "
            + refusal + "; choose a hot tier, or set daramjwee.enabled=false to turn the cache"
            + " off");
  }

  private static void closeAll(List<DaramjweeTiers.Tier> built, RuntimeException failure) {
    for (DaramjweeTiers.Tier tier : built) {
      try {
        tier.store().close();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
