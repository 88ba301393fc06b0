package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a real Streamlit, started as the managed sidecar from .venv: the page,
 * a static asset, Streamlit's health endpoint and its WebSocket, at the root and under a
 * public sub-path; and the child is gone after the gateway stops.
 */
@ExtendWith(VertxExtension.class)
class RealStreamlitTest {

  private static Gateway startWithSidecar(Vertx vertx, String rootPath) {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    return Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_APP", TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString())
      .put("FLUXLIT_ROOT_PATH", rootPath));
  }

  @Test
  void servesStreamlitsPageAssetsHealthAndWebSocket(Vertx vertx) {
    long streamlitPid;
    try (Gateway gateway = startWithSidecar(vertx, "")) {
      Http http = new Http(vertx, gateway.port());
      assertThat(http.get("/api/readyz").json())
        .isEqualTo(new JsonObject().put("status", "ready").put("streamlit", "ok"));
      streamlitPid = childStreamlitPid();

      Http.Response page = http.get("/");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.headers().get("content-type")).startsWith("text/html");
      assertThat(page.requestId()).isNotBlank();
      String asset = firstScript(page.text());
      Http.Response script = http.get(asset);
      assertThat(script.status()).as(asset).isEqualTo(200);
      assertThat(script.body().length()).isGreaterThan(1000);

      Http.Response health = http.get("/_stcore/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.text()).isEqualTo("ok");

      WebSocketClient client = TestClients.webSocket(vertx);
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
        .setURI("/_stcore/stream").setSubProtocols(List.of("streamlit", "xsrf-placeholder"))
        .addHeader("Origin", "http://127.0.0.1:" + gateway.port())).await();
      assertThat(ws.subProtocol()).isEqualTo("streamlit");
      assertThat(ws.headers().get("x-request-id")).isNotBlank();
      ws.close().await();
    }
    long pid = streamlitPid;
    Conditions.waitUntil(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), 15,
      "the Streamlit child to be gone after the gateway stopped");
  }

  @Test
  void servesStreamlitUnderAPublicSubPath(Vertx vertx) {
    try (Gateway gateway = startWithSidecar(vertx, "/myapp")) {
      Http http = new Http(vertx, gateway.port());
      assertThat(http.get("/myapp/api/readyz").status()).isEqualTo(200);
      Http.Response full = http.get("/myapp/");
      assertThat(full.status()).isEqualTo(200);
      assertThat(full.text()).contains("<div id=\"root\">");
      // A proxy in front that strips the prefix: Streamlit still gets /myapp/...
      assertThat(http.get("/_stcore/health").text()).isEqualTo("ok");
      assertThat(http.get("/myapp/_stcore/health").text()).isEqualTo("ok");
      WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/myapp/_stcore/stream").setSubProtocols(List.of("streamlit"))).await();
      assertThat(ws.subProtocol()).isEqualTo("streamlit");
      ws.close().await();
    }
  }

  private static String firstScript(String html) {
    Matcher m = Pattern.compile("src=\"\\.?/?(static/js/[^\"]+\\.js)\"").matcher(html);
    assertThat(m.find()).as("a script in Streamlit's page").isTrue();
    return "/" + m.group(1);
  }

  private static long childStreamlitPid() {
    return ProcessHandle.current().descendants()
      .filter(p -> p.info().commandLine().orElse("").contains("streamlit"))
      .findFirst().map(ProcessHandle::pid)
      .orElseThrow(() -> new AssertionError("no Streamlit child process"));
  }
}
