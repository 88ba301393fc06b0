package io.fluxlit.gateway.signin;

import io.fluxlit.api.ExtensionProtocol;
import io.fluxlit.api.ProtectedRoutesExtension;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API path in {@code FLUXLIT_AUTH_PUBLIC_PATHS} is served as without the sign-in gate
 * (docs/auth.md#what-each-request-gets): an open route answers a caller without a session, a route
 * that declares a token still needs one, and a path no route serves answers 404. The paths outside
 * the list, and a client that claims its request is public, still get 401.
 */
class PublicApiPathsBehindGateTest {

  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture(new JsonObject());

  private static Gateway gateway;
  private static Deployed extension;
  private static String base;

  @BeforeAll
  static void start() {
    gateway = gate.start(new JsonObject().put("FLUXLIT_AUTH_PUBLIC_PATHS", "/open/*,/api/open,/api/me,/api/public/*"));
    base = gateway.url();
    extension = Deployed.verticle(gate.vertx(), new ProtectedRoutesExtension());
    Conditions.waitUntil(() -> new ScriptedBrowser().fetch(base + "/api/open").statusCode() == 200, 10,
      "the extension's open route, public");
  }

  @AfterAll
  static void stop() {
    if (extension != null) {
      extension.close();
    }
  }

  @Test
  void anOpenRouteOnAPublicPathAnswersWithoutASession() {
    HttpResponse<String> answer = new ScriptedBrowser().fetch(base + "/api/open");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getValue("user")).isNull();
  }

  @Test
  void aRouteThatDeclaresATokenStillNeedsOneOnAPublicPath() {
    HttpResponse<String> answer = new ScriptedBrowser().fetch(base + "/api/me");
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("www-authenticate")).contains("Bearer");
  }

  @Test
  void aPublicPathNoRouteServesAnswers404() {
    HttpResponse<String> answer = new ScriptedBrowser().fetch(base + "/api/public/nothing-here");
    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(answer.body()).getString("detail")).isEqualTo("Not Found");
    assertThat(answer.headers().firstValue("x-request-id")).isPresent();
  }

  @Test
  void outsideThePublicPathsAndWithAClaimOfItsOwnARequestStillGets401() {
    assertThat(new ScriptedBrowser().fetch(base + "/api/reports").statusCode()).isEqualTo(401);
    assertThat(new ScriptedBrowser().fetch(base + "/api/no-such-route").statusCode()).isEqualTo(401);
    HttpResponse<String> claimed = new ScriptedBrowser().fetch(base + "/api/no-such-route",
      ExtensionProtocol.PUBLIC_PATH_HEADER, "true");
    assertThat(claimed.statusCode()).isEqualTo(401);
  }
}
