package io.fluxlit.gateway.http;

import io.fluxlit.testing.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request without a body whose pooled connection Streamlit closes before answering (Uvicorn's
 * keep-alive timer firing as it arrives) is sent once more on a new connection; a request with a
 * body is not, and a request is never sent more than twice (docs/performance.md, the cold crowd).
 * The upstream is raw HTTP/1.1 over TCP, so that it can close exactly where Uvicorn does.
 */
@ExtendWith(VertxExtension.class)
class ClosedConnectionRetryTest {

  private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok";

  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private NetServer upstream;
  private Gateway gateway;
  private HttpClient client;

  /** Answers the first request of every connection and closes the connection on its second, unanswered. */
  @BeforeEach
  void start(Vertx vertx) {
    upstream = vertx.createNetServer().connectHandler(socket -> {
      connections.incrementAndGet();
      AtomicInteger requests = new AtomicInteger();
      StringBuilder received = new StringBuilder();
      socket.handler(bytes -> {
        received.append(bytes.toString(StandardCharsets.ISO_8859_1));
        int end;
        while ((end = received.indexOf("\r\n\r\n")) >= 0) {
          String head = received.substring(0, end);
          received.delete(0, end + 4);
          if (head.contains("/_stcore/")) {
            socket.write(OK); // the health prober
            continue;
          }
          heads.add(head.lines().findFirst().orElse(""));
          if (requests.incrementAndGet() == 1 && !head.startsWith("GET /always-closed")) {
            socket.write(OK);
          } else {
            socket.close();
          }
        }
      });
    }).listen(0, "127.0.0.1").await();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
      .put("FLUXLIT_GATEWAY_INSTANCES", "1")
      .put("FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS", "1"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    client.close().await();
    gateway.close();
    upstream.close().await();
  }

  private int send(HttpMethod method, String path, String body) {
    return client.request(method, gateway.port(), "127.0.0.1", path)
      .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
      .map(r -> r.statusCode()).await();
  }

  @Test
  void aGetOnAConnectionClosedUnansweredIsSentOnceMore() {
    assertThat(send(HttpMethod.GET, "/first", null)).isEqualTo(200);
    // Reuses the pool's one connection, which the upstream closes: sent again on a new one.
    assertThat(send(HttpMethod.GET, "/second", null)).isEqualTo(200);
    assertThat(heads).containsExactly("GET /first HTTP/1.1", "GET /second HTTP/1.1", "GET /second HTTP/1.1");
    assertThat(connections.get()).isEqualTo(2);
  }

  @Test
  void aPostIsNotSentTwice() {
    assertThat(send(HttpMethod.GET, "/first", null)).isEqualTo(200);
    assertThat(send(HttpMethod.POST, "/form", "a=1")).isEqualTo(502);
    assertThat(heads).containsExactly("GET /first HTTP/1.1", "POST /form HTTP/1.1");
  }

  @Test
  void aRequestIsSentAtMostTwice() {
    assertThat(send(HttpMethod.GET, "/always-closed", null)).isEqualTo(502);
    assertThat(heads).containsExactly("GET /always-closed HTTP/1.1", "GET /always-closed HTTP/1.1");
  }
}
