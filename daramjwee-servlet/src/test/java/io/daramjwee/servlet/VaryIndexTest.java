package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VaryIndexTest {

  @Test
  void beyond_listsNamesTheKeyLeftOut_caseInsensitively_once() {
    assertThat(VaryIndex.beyond(List.of("Accept-Language, accept", "ACCEPT-LANGUAGE"),
        List.of("Accept"))).containsExactly("accept-language");
  }

  @Test
  void beyond_ignoresStarAndEmptyMembers() {
    assertThat(VaryIndex.beyond(List.of("*", " , "), List.of())).isEmpty();
  }

  @Test
  void beyond_isEmptyWhenTheKeyHasEveryName() {
    assertThat(VaryIndex.beyond(List.of("Accept-Language"), List.of("accept-language")))
        .isEmpty();
  }

  @Test
  void learn_accumulatesNamesPerResource() {
    VaryIndex index = new VaryIndex();
    assertThat(index.names("r")).isEmpty();
    index.learn("r", List.of("accept-language"));
    index.learn("r", List.of("Accept-Language", "x-tenant"));
    assertThat(index.names("r")).containsExactly("accept-language", "x-tenant");
    assertThat(index.names("other")).isEmpty();
  }

  @Test
  void learn_whenFull_forgetsOneResourcePerNewOne() {
    VaryIndex index = new VaryIndex();
    for (int i = 0; i < VaryIndex.MAX_RESOURCES; i++) {
      index.learn("r" + i, List.of("a"));
    }
    index.learn("last", List.of("b"));
    int remembered = 0;
    for (int i = 0; i < VaryIndex.MAX_RESOURCES; i++) {
      remembered += index.names("r" + i).isEmpty() ? 0 : 1;
    }
    assertThat(remembered).isEqualTo(VaryIndex.MAX_RESOURCES - 1);
    assertThat(index.names("last")).containsExactly("b");
  }
}
