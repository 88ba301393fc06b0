package io.fluxlit.e2e;

import io.fluxlit.FluxLitVerticle;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first page after start-up: {@code /api/healthz} answers before the managed Streamlit listens;
 * a page and a WebSocket opened the moment it does are held until Streamlit is up, not answered
 * with a 502 that never recovers (the Python FluxLit's own e2e fixture loads the page this way).
 */
@ExtendWith(VertxExtension.class)
class FirstPageAfterStartTest {

  @Test
  void aPageAndAWebSocketOpenedAsSoonAsHealthzAnswersReachStreamlit(Vertx vertx) {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    int port = TestEnvironment.freePort();
    Future<String> deployed = vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(new JsonObject()
      .put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
      .put("FLUXLIT_GATEWAY_INSTANCES", "2")
      .put("FLUXLIT_STREAMLIT_APP", TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString())));
    try {
      Http http = new Http(vertx, port);
      Conditions.waitUntil(() -> {
        try {
          return http.get("/api/healthz").status() == 200;
        } catch (Exception notListeningYet) { // await() rethrows the connect failure as it came
          return false;
        }
      }, 30, "/api/healthz to answer");
      assertThat(deployed.isComplete()).as("healthz answered before Streamlit was up (the case under test)").isFalse();
      Future<WebSocket> socket = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/_stcore/stream").setSubProtocols(List.of("streamlit"))
        .addHeader("Origin", "http://127.0.0.1:" + port));
      Http.Response page = http.get("/", "Accept", "text/html");
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      assertThat(page.headers().get("content-type")).startsWith("text/html");
      WebSocket ws = socket.await();
      assertThat(ws.subProtocol()).isEqualTo("streamlit");
      ws.close().await();
      deployed.await();
    } finally {
      deployed.onSuccess(vertx::undeploy);
      Conditions.waitUntil(() -> deployed.isComplete() && vertx.deploymentIDs().isEmpty(), 30, "the gateway to stop");
    }
  }
}
