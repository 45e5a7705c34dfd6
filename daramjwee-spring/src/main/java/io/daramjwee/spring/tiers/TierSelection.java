package io.daramjwee.spring.tiers;

import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeProperties.ColdType;
import io.daramjwee.spring.DaramjweeProperties.WarmType;
import io.daramjwee.spring.DaramjweeProperties.HotType;
import io.daramjwee.spring.DaramjweeTiers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the tiers the properties ask for from the {@link StoreFactory factories} the classpath
 * allows: {@code daramjwee.hot.type}, {@code daramjwee.warm.type} and {@code daramjwee.cold.type} each
 * select a backend from the {@link StoreBackend} table, and a backend without a factory fails
 * naming the property and the dependency to add. Tiers that keep their entries on the heap are
 * first held to the {@link MemoryBudget}; each tier's largest entry comes from
 * {@link TierLimits}. Stateless.
 */
final class TierSelection {

  static final String HOT_TYPE = "daramjwee.hot.type";
  static final String WARM_TYPE = "daramjwee.warm.type";
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
    return select(properties, property -> true);
  }

  /**
   * As {@link #select(DaramjweeProperties)}; {@code isSet} tells which properties were set, so
   * that a hot tier's size left at a default too large for this heap is lowered to fit
   * ({@link MemoryBudget#fitDefault}) rather than refused.
   */
  DaramjweeTiers select(DaramjweeProperties properties, Predicate<String> isSet) {
    StoreBackend hot = hotBackend(properties.getHot().getType());
    WarmType warmType = properties.getWarm().getType();
    StoreBackend warm = warmType == WarmType.NONE ? null : StoreBackend.of(warmType);
    ColdType coldType = properties.getCold().getType();
    StoreBackend cold = coldType == ColdType.NONE ? null : StoreBackend.of(coldType);
    if (hot == null && warm == null && cold == null) {
      throw new InvalidConfigurationPropertyValueException(HOT_TYPE, "none",
          "without a hot tier the cold tier is read on every hit, and " + COLD_TYPE
              + " and " + WARM_TYPE + " are none too: choose a store for one of them, or set"
              + " daramjwee.enabled=false to turn the cache off");
    }
    StoreFactory hotFactory = hot == null ? null : factory(hot, HOT_TYPE);
    StoreFactory warmFactory = warm == null ? null : factory(warm, WARM_TYPE);
    StoreFactory coldFactory = cold == null ? null : factory(cold, COLD_TYPE);
    MemoryBudget budget = MemoryBudget.ofThisJvm();
    budget.fitDefault(hot, warm, cold, properties, isSet);
    budget.check(hot, warm, cold, properties);
    List<DaramjweeTiers.Tier> built = new ArrayList<>(3);
    try {
      add(built, "hot", hot, hotFactory, properties);
      add(built, "warm", warm, warmFactory, properties);
      add(built, "cold", cold, coldFactory, properties);
      checkTierZero(built.get(0));
      return DaramjweeTiers.of(TierLimits.apply(built, properties));
    } catch (RuntimeException e) {
      closeAll(built, e);
      throw e;
    }
  }

  private static void add(List<DaramjweeTiers.Tier> built, String tier, StoreBackend backend,
      StoreFactory factory, DaramjweeProperties properties) {
    if (factory != null) {
      built.add(new DaramjweeTiers.Tier(tier, backend.type(), factory.create(tier, properties)));
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
        "without a hot tier the " + tier.name() + " " + tier.type() + " store is tier 0, which it"
            + " refuses: " + refusal + "; choose a hot tier, or set daramjwee.enabled=false to"
            + " turn the cache off");
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
