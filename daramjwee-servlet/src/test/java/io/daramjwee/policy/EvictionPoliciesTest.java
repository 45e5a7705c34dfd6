package io.daramjwee.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvictionPoliciesTest {

  @Test
  void byName_everyListedName_givesANewInstanceEachCall() {
    for (String name : EvictionPolicies.NAMES) {
      EvictionPolicy first = EvictionPolicies.byName(name);
      assertThat(first).isNotNull().isNotSameAs(EvictionPolicies.byName(name));
      assertThat(EvictionPolicies.byName(" " + name.toUpperCase() + " "))
          .hasSameClassAs(first);
    }
  }

  @Test
  void byName_eachName_givesItsPolicy() {
    assertThat(EvictionPolicies.NAMES).containsExactly("lru", "s3-fifo", "sieve");
    assertThat(EvictionPolicies.byName("lru")).isInstanceOf(LruPolicy.class);
    assertThat(EvictionPolicies.byName("s3-fifo")).isInstanceOf(S3FifoPolicy.class);
    assertThat(EvictionPolicies.byName("sieve")).isInstanceOf(SievePolicy.class);
  }

  @Test
  void byName_unknownName_failsListingTheKnownOnes() {
    assertThatThrownBy(() -> EvictionPolicies.byName("fifo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown eviction policy 'fifo'; known: "
            + String.join(", ", EvictionPolicies.NAMES));
    assertThatThrownBy(() -> EvictionPolicies.byName(null))
        .hasMessageStartingWith("unknown eviction policy 'null'");
  }

  @Test
  void supplier_checksTheNameAtOnce_andMakesANewPolicyEachCall() {
    assertThatThrownBy(() -> EvictionPolicies.supplier("mru"))
        .hasMessageStartingWith("unknown eviction policy 'mru'");
    java.util.function.Supplier<EvictionPolicy> sieve = EvictionPolicies.supplier("sieve");
    assertThat(sieve.get()).isInstanceOf(SievePolicy.class).isNotSameAs(sieve.get());
  }
}
