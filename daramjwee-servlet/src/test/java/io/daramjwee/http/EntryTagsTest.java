package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EntryTagsTest {

  @Test
  void collect_routeTagsFirst_thenHeaderTokens_deduplicated() {
    EntryTags.Collected c = EntryTags.collect(List.of("article:42", "home"),
        List.of("a  b\tarticle:42", "c a"));

    assertThat(c.tags()).containsExactly("article:42", "home", "a", "b", "c");
    assertThat(c.attribute()).isEqualTo("article:42 home a b c");
    assertThat(c.invalid()).isEmpty();
  }

  @Test
  void collect_dropsTokensThatAreNotVisibleAscii() {
    EntryTags.Collected c = EntryTags.collect(List.of(), List.of("ok caf\u00e9 bell\u0007 fine"));

    assertThat(c.tags()).containsExactly("ok", "fine");
    assertThat(c.invalid()).containsExactly("caf\u00e9", "bell\u0007");
  }

  @Test
  void collect_keepsTheFirst64_andDropsTagsOver1024Characters() {
    String tooLong = "x".repeat(EntryTags.MAX_LENGTH + 1);
    String longest = "y".repeat(EntryTags.MAX_LENGTH);
    List<String> seventy = IntStream.range(0, 70).mapToObj(i -> "t" + i).toList();
    String header = tooLong + " " + String.join(" ", seventy);

    EntryTags.Collected c = EntryTags.collect(List.of(longest), List.of(header));

    assertThat(c.tags()).hasSize(EntryTags.MAX_TAGS).startsWith(longest, "t0")
        .endsWith("t62").doesNotContain(tooLong);
    assertThat(c.tooLong()).isEqualTo(1);
    assertThat(c.tooMany()).isEqualTo(7);
  }

  @Test
  void collect_nothing_hasNoAttribute() {
    EntryTags.Collected c = EntryTags.collect(List.of(), List.of("", "  "));

    assertThat(c.tags()).isEmpty();
    assertThat(c.attribute()).isNull();
  }

  @Test
  void apply_setsTheAttribute_andDropsTheNamedFieldOnly() {
    Metadata entry = entry("Surrogate-Key", "a b", "Content-Type", "text/plain",
        "surrogate-key", "c");

    Metadata tagged = EntryTags.apply(entry, List.of("a", "b", "c"), "Surrogate-Key");

    assertThat(tagged.attribute(StoredResponse.TAGS)).isEqualTo("a b c");
    assertThat(EntryTags.of(tagged)).containsExactly("a", "b", "c");
    assertThat(StoredResponse.decode(tagged).headers().fields())
        .containsExactly(new Headers.Field("Content-Type", "text/plain"));
    assertThat(tagged.freshFor()).isEqualTo(entry.freshFor());
    assertThat(tagged.cacheTag()).isEqualTo(entry.cacheTag());
    assertThat(tagged.attribute(ResponseEntries.LENGTH)).isEqualTo(
        entry.attribute(ResponseEntries.LENGTH));
  }

  @Test
  void apply_noTags_removesTheAttribute_andKeepsEveryField() {
    Metadata tagged = EntryTags.apply(entry("Surrogate-Key", "a"), List.of("a"), null);

    Metadata untagged = EntryTags.apply(tagged, List.of(), null);

    assertThat(untagged.attributes()).doesNotContainKey(StoredResponse.TAGS);
    assertThat(EntryTags.of(untagged)).isEmpty();
    assertThat(EntryTags.fieldValues(untagged, "surrogate-key")).containsExactly("a");
  }

  @Test
  void tags_surviveA304Renewal() {
    Metadata tagged = EntryTags.apply(entry("ETag", "\"v1\""), List.of("a"), null);

    Metadata renewed = ResponseEntries.renewed(RouteRules.builder("r").build(), tagged,
        new ResponseHead(304, Headers.of("ETag", "\"v1\"")));

    assertThat(EntryTags.of(renewed)).containsExactly("a");
  }

  @Test
  void of_metadataWithoutTags_isEmpty() {
    assertThat(EntryTags.of(Metadata.builder().attribute("x", "y").build())).isEmpty();
  }

  private static Metadata entry(String... fields) {
    return ResponseEntries.entry(RouteRules.builder("r").freshFor(Duration.ofSeconds(5)).build(),
        new ResponseHead(200, Headers.of(fields)), false);
  }
}
