package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.RawHttp;
import io.daramjwee.testing.TestClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * What a controller route's key holds beyond the path: the query with repeated parameters in
 * their order (and other parameters in any), the authority the request was addressed to, and the
 * credential when the route lets {@code Authorization} through. Whatever a controller can read
 * from those ends up in its body, so two requests that differ in them are two entries.
 */
class CacheKeyScenariosTest extends FilterScenarios {

  @Test
  void repeatedParametersInAnotherOrder_areAnotherEntry_otherParametersInAnyOrderAreOne()
      throws Exception {
    origin.on("/list", (request, response, call) ->
        write(response, "sorted by " + String.join(",", request.getParameterValues("sort"))));
    origin.on("/pair", (request, response, call) -> write(response, "pair call " + call));
    start(Route.controller("/**", rules("lists").build()));

    Reply ab = client.get("/list?sort=a&sort=b");
    Reply ba = client.get("/list?sort=b&sort=a");
    Reply baAgain = client.get("/list?sort=b&sort=a");
    Reply pair = client.get("/pair?b=1&a=2");
    Reply samePair = client.get("/pair?a=2&b=1");

    assertStoredMiss(ab);
    assertThat(ab.text()).isEqualTo("sorted by a,b");
    assertStoredMiss(ba);
    assertThat(ba.text()).isEqualTo("sorted by b,a");
    assertHit(baAgain);
    assertThat(baAgain.text()).isEqualTo("sorted by b,a");
    assertThat(origin.calls("/list")).isEqualTo(2);
    assertStoredMiss(pair);
    assertHit(samePair);
    assertThat(samePair.text()).isEqualTo("pair call 1");
    assertThat(origin.calls("/pair")).isEqualTo(1);
  }

  @Test
  void samePathOnTwoHosts_isTwoEntries_eachServedItsOwnBody() throws Exception {
    origin.on("/home", (request, response, call) ->
        write(response, "https://" + request.getServerName() + "/home"));
    start(Route.controller("/home", rules("home").build()));

    Reply a = RawHttp.get(server.baseUri(), "a.example", "/home");
    Reply b = RawHttp.get(server.baseUri(), "b.example", "/home");
    Reply aAgain = RawHttp.get(server.baseUri(), "a.example", "/home");

    assertStoredMiss(a);
    assertThat(a.text()).isEqualTo("https://a.example/home");
    assertStoredMiss(b);
    assertThat(b.text()).isEqualTo("https://b.example/home");
    assertHit(aAgain);
    assertThat(aAgain.text()).isEqualTo("https://a.example/home");
    assertThat(origin.calls("/home")).isEqualTo(2);
  }

  @Test
  void routeAllowingAuthorization_keysPerCredential_andNeverServesOneUserToAnother()
      throws Exception {
    origin.on("/me", (request, response, call) -> {
      String auth = request.getHeader("Authorization");
      write(response, auth == null ? "anonymous" : "profile of " + auth.substring(7));
    });
    start(Route.controller("/me", rules("me").allowAuthorization(true).build()));

    Reply userA = client.get("/me", "Authorization", "Bearer a");
    Reply userB = client.get("/me", "Authorization", "Bearer b");
    Reply anonymous = client.get("/me");
    Reply userAAgain = client.get("/me", "Authorization", "Bearer a");

    assertStoredMiss(userA);
    assertThat(userA.text()).isEqualTo("profile of a");
    assertForwarded(userB);
    assertThat(userB.text()).isEqualTo("profile of b");
    assertForwarded(anonymous);
    assertThat(anonymous.text()).isEqualTo("anonymous");
    assertHit(userAAgain);
    assertThat(userAAgain.text()).isEqualTo("profile of a");
    assertThat(origin.calls("/me")).isEqualTo(3);
  }
}
