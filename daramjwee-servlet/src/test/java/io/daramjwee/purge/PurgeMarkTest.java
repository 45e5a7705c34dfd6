package io.daramjwee.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PurgeMark}'s one-line encoding and the checks of {@link Purge} and the mark. */
class PurgeMarkTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:00:00.123456789Z");
  private static final Instant UNTIL = Instant.parse("2025-03-02T10:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"k", "GET https://example.com/a?b=c", "  spaced  out  ", "a:b:c",
      "상품 🍜 ünï", "m1 x KEY hard 2025-01-01T00:00:00Z 2025-01-01T00:00:00Z y", "\t tab"})
  void encode_thenDecode_givesTheSameMarkForEveryKindAndHardness(String value) {
    for (Purge.Kind kind : Purge.Kind.values()) {
      String v = kind == Purge.Kind.PATH ? "/" + value
          : kind == Purge.Kind.TAG ? value.replaceAll("\\s", "_") : value; // a tag is one word
      for (boolean soft : new boolean[] {false, true}) {
        PurgeMark mark = new PurgeMark("abc-1", new Purge(kind, v, soft), AT, UNTIL);

        String line = mark.encode();

        assertThat(line).doesNotContain("\n");
        assertThat(PurgeMark.decode(line)).isEqualTo(mark);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"two words", " lead", "trail ", "tab\there"})
  void aTagWithWhiteSpace_isRejected_sinceItCouldNeverMatchAStoredTag(String tag) {
    assertThatThrownBy(() -> Purge.tag(tag)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("white space");
  }

  @Test
  void aLoneSurrogate_isRejected_sinceNoJournalCouldKeepIt() {
    assertThatThrownBy(() -> Purge.key("a\uD800b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate at index 1");
    assertThat(Purge.key("\uD83C\uDF5C").value()).isEqualTo("🍜");
  }

  @Test
  void encode_drawsTheDocumentedFields() {
    PurgeMark mark = new PurgeMark("abc-1", Purge.key("t 1").asSoft(), AT, UNTIL);

    assertThat(mark.encode())
        .isEqualTo("m1 abc-1 KEY soft 2025-03-01T10:00:00.123456789Z 2025-03-02T10:00:00Z t 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "m1",
      "m1 abc-1 TAG soft 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z",
      "m2 abc-1 TAG soft 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z t",
      "m1 abc-1 tag soft 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z t",
      "m1 abc-1 TAG medium 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z t",
      "m1 abc-1 TAG soft yesterday 2025-03-02T10:00:00Z t",
      "m1 abc-1 TAG soft 2025-03-01T10:00:00Z tomorrow t",
      "m1 abc-1 TAG soft 2025-03-02T10:00:00Z 2025-03-01T10:00:00Z t",
      "m1 abc-1 PATH hard 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z no-slash",
      "m1 abc-1 KEY hard 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z ",
      "m1 ébc-1 KEY hard 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z k",
      "m1  TAG soft 2025-03-01T10:00:00Z 2025-03-02T10:00:00Z t"})
  void decode_notAMark_failsSayingSo(String line) {
    assertThatThrownBy(() -> PurgeMark.decode(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a purge mark: '");
  }

  @Test
  void decode_aVeryLongBadLine_abbreviatesItInTheMessage() {
    String line = "x".repeat(10_000);

    assertThatThrownBy(() -> PurgeMark.decode(line))
        .hasMessage("not a purge mark: '" + "x".repeat(120) + "...'");
  }

  @Test
  void mark_keptUntilBeforeItWasTaken_isRejected() {
    assertThatThrownBy(() -> new PurgeMark("a", Purge.key("k"), UNTIL, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it was taken");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\t", "é"})
  void mark_idNotPrintableAsciiWithoutSpaces_isRejected(String id) {
    assertThatThrownBy(() -> new PurgeMark(id, Purge.key("k"), AT, UNTIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
  }

  @Test
  void expired_onlyAfterKeepUntil() {
    PurgeMark mark = new PurgeMark("a", Purge.key("k"), AT, UNTIL);

    assertThat(mark.expired(UNTIL)).isFalse();
    assertThat(mark.expired(UNTIL.plusNanos(1))).isTrue();
  }

  @Test
  void purge_emptyValue_isRejectedNamingTheKind() {
    assertThatThrownBy(() -> Purge.tag(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a tag purge needs a value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "a\0b", "\n"})
  void purge_lineBreakOrNul_isRejected(String value) {
    assertThatThrownBy(() -> Purge.key(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a key to purge has no line break or NUL in it");
  }

  @Test
  void purge_pathWithoutLeadingSlash_isRejectedNamingIt() {
    assertThatThrownBy(() -> Purge.path("products/42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must start with '/': 'products/42'");
  }

  @Test
  void purge_factories_areHardAndAsSoftKeepsTheRest() {
    Purge hard = Purge.route("catalog");

    assertThat(hard.soft()).isFalse();
    assertThat(hard.asSoft()).isEqualTo(new Purge(Purge.Kind.ROUTE, "catalog", true));
    assertThat(hard.asSoft()).hasToString("soft route=catalog");
  }
}
