package io.fluxlit.gateway.websocket;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket compression towards the browser ({@code FLUXLIT_GATEWAY_WS_COMPRESSION},
 * docs/performance.md#websocket-compression): a client that offers permessage-deflate, as every
 * browser does, gets it in the 101 only when the setting is on; either way Streamlit's messages
 * arrive whole. A real Streamlit (the managed sidecar from .venv) answers.
 */
@ExtendWith(VertxExtension.class)
class WebSocketCompressionTest {

  /** Streamlit's BackMsg {@code rerun_script} with an empty query: what a browser sends first. */
  private static final Buffer RERUN = Buffer.buffer(new byte[] {0x5a, 0x00});

  private static Gateway gatewayWithStreamlit(Vertx vertx, JsonObject settings) {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    return Gateway.start(vertx, settings
      .put("FLUXLIT_STREAMLIT_APP", TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString()));
  }

  /** Opens a session offering permessage-deflate as a browser does; returns the 101's extensions header. */
  private static String negotiatedAndRelayed(Vertx vertx, Gateway gateway) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setTryUsePerMessageCompression(true));
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
      .setURI("/_stcore/stream").setSubProtocols(List.of("streamlit"))
      .addHeader("Origin", "http://127.0.0.1:" + gateway.port())).await();
    try {
      Promise<Buffer> first = Promise.promise();
      ws.binaryMessageHandler(first::tryComplete);
      ws.writeBinaryMessage(RERUN).await();
      Buffer message = first.future().await(30, TimeUnit.SECONDS);
      // Streamlit's answer, inflated by the client if it came deflated: its ForwardMsg names the script.
      assertThat(message.toString(StandardCharsets.ISO_8859_1)).contains("app.py");
      return ws.headers().get("sec-websocket-extensions");
    } finally {
      ws.close().await();
      client.close().await();
    }
  }

  @Test
  void offIsTheDefaultAndFramesPassAsStreamlitSentThem(Vertx vertx) throws Exception {
    try (Gateway gateway = gatewayWithStreamlit(vertx, new JsonObject())) {
      assertThat(negotiatedAndRelayed(vertx, gateway)).as("the 101's Sec-WebSocket-Extensions").isNull();
    }
  }

  @Test
  void onAcceptsTheBrowsersPerMessageDeflate(Vertx vertx) throws Exception {
    try (Gateway gateway = gatewayWithStreamlit(vertx, new JsonObject()
      .put("FLUXLIT_GATEWAY_WS_COMPRESSION", "on").put("FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL", "6"))) {
      assertThat(negotiatedAndRelayed(vertx, gateway)).as("the 101's Sec-WebSocket-Extensions")
        .startsWith("permessage-deflate");
    }
  }
}
