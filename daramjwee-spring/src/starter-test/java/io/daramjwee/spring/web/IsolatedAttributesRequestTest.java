package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** {@link IsolatedAttributesRequest}: reads fall through, writes and removals stay inside. */
class IsolatedAttributesRequestTest {

  private final MockHttpServletRequest real = new MockHttpServletRequest("GET", "/a");

  @Test
  void read_fallsThroughToTheRealRequest() {
    real.setAttribute("kept", "real");

    assertThat(new IsolatedAttributesRequest(real).getAttribute("kept")).isEqualTo("real");
  }

  @Test
  void write_isSeenByTheWrapper_andNotByTheRealRequest() {
    real.setAttribute("shadowed", "real");
    IsolatedAttributesRequest lookup = new IsolatedAttributesRequest(real);

    lookup.setAttribute("added", "lookup");
    lookup.setAttribute("shadowed", "lookup");

    assertThat(lookup.getAttribute("added")).isEqualTo("lookup");
    assertThat(lookup.getAttribute("shadowed")).isEqualTo("lookup");
    assertThat(real.getAttribute("added")).isNull();
    assertThat(real.getAttribute("shadowed")).isEqualTo("real");
  }

  @Test
  void removeOrSetNull_hidesTheAttributeFromTheWrapperOnly() {
    real.setAttribute("one", "1");
    real.setAttribute("two", "2");
    IsolatedAttributesRequest lookup = new IsolatedAttributesRequest(real);

    lookup.removeAttribute("one");
    lookup.setAttribute("two", null);

    assertThat(lookup.getAttribute("one")).isNull();
    assertThat(lookup.getAttribute("two")).isNull();
    assertThat(Collections.list(lookup.getAttributeNames())).doesNotContain("one", "two");
    assertThat(real.getAttribute("one")).isEqualTo("1");
    assertThat(real.getAttribute("two")).isEqualTo("2");
  }

  @Test
  void attributeNames_areTheRealOnesPlusWrittenMinusRemoved() {
    real.setAttribute("kept", "k");
    real.setAttribute("removed", "r");
    IsolatedAttributesRequest lookup = new IsolatedAttributesRequest(real);

    lookup.removeAttribute("removed");
    lookup.setAttribute("added", "a");

    assertThat(Collections.list(lookup.getAttributeNames()))
        .containsExactlyInAnyOrder("kept", "added");
  }
}
