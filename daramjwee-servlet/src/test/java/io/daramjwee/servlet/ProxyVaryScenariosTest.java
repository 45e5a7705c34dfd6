package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * RFC 9111 §4.1 on proxy routes: the upstream sees the client's fields (forward-headers: all),
 * and its response's {@code Vary} selects which stored variant a later request is served.
 */
class ProxyVaryScenariosTest extends FilterScenarios {

  @Test
  void proxiedVaryAcceptLanguage_isServedFromCacheOnItsSecondRequest() throws Exception {
    wiremock().stubFor(get("/origin/doc").withHeader("Accept-Language", equalTo("de"))
        .willReturn(aResponse().withHeader("Vary", "Accept-Language").withBody("Hallo")));
    wiremock().stubFor(get("/origin/doc").withHeader("Accept-Language", equalTo("en"))
        .willReturn(aResponse().withHeader("Vary", "Accept-Language").withBody("Hello")));
    start(Route.proxy("/p/**", rules("p-doc").build(), upstream()));

    Reply first = client.get("/p/doc", "Accept-Language", "de");
    Reply second = client.get("/p/doc", "Accept-Language", "de");
    Reply english = client.get("/p/doc", "Accept-Language", "en");
    Reply englishAgain = client.get("/p/doc", "Accept-Language", "en");
    Reply germanAgain = client.get("/p/doc", "Accept-Language", "de");

    assertStoredMiss(first);
    assertThat(first.text()).isEqualTo("Hallo");
    assertHit(second);
    assertThat(second.text()).isEqualTo("Hallo");
    assertStoredMiss(english);
    assertThat(english.text()).isEqualTo("Hello");
    assertHit(englishAgain);
    assertThat(englishAgain.text()).isEqualTo("Hello");
    assertHit(germanAgain);
    assertThat(germanAgain.text()).isEqualTo("Hallo");
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/doc"))
        .withHeader("Accept-Language", equalTo("de")));
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/doc"))
        .withHeader("Accept-Language", equalTo("en")));
  }

  @Test
  void proxiedVariant_refetchedWithTheVariantsOwnField() throws Exception {
    wiremock().stubFor(get("/origin/v").withHeader("X-Tenant", absent())
        .willReturn(aResponse().withHeader("Vary", "X-Tenant").withBody("public")));
    wiremock().stubFor(get("/origin/v").withHeader("X-Tenant", equalTo("acme"))
        .willReturn(aResponse().withHeader("Vary", "X-Tenant").withBody("acme")));
    start(Route.proxy("/p/**", rules("p-v").build(), upstream()));

    assertThat(client.get("/p/v").text()).isEqualTo("public");
    assertThat(client.get("/p/v", "X-Tenant", "acme").text()).isEqualTo("acme");
    assertThat(client.get("/p/v").text()).isEqualTo("public");
    assertThat(client.get("/p/v", "X-Tenant", "acme").text()).isEqualTo("acme");

    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/v")));
  }
}
