package io.fluxlit.tracing;

import io.fluxlit.testing.Http;
import io.fluxlit.tracing.RecordingTraceHook.Recorded;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The spans of HTTP and API requests (docs/tracing.md) through a real gateway, a real upstream and a recording hook. */
class GatewayTracingTest {

  @RegisterExtension
  static final TracedGateway traced = new TracedGateway();

  @Test
  void anHttpRequestHasARequestSpanWithTheUpstreamHttpSpanAsItsChild() {
    Http.Response response = traced.http.get("/page/x?a=1&token=s3cret&fluxlit_sid=abc", "X-Request-ID", "trace-http");
    assertThat(response.status()).isEqualTo(200);

    List<Recorded> spans = traced.hook.awaitEnded("trace-http", 2);
    assertThat(spans).extracting(s -> s.name).containsExactly(SpanNames.REQUEST, SpanNames.UPSTREAM_HTTP);
    Recorded request = spans.get(0);
    Recorded upstreamHttp = spans.get(1);
    assertThat(request.parent).isNull();
    assertThat(request.attributes).containsExactly(
      Map.entry(SpanNames.DISPATCH, "streamlit"),
      Map.entry(SpanNames.METHOD_OR_TYPE, "GET"),
      Map.entry(SpanNames.URL_PATH, "/page/x"),
      Map.entry(SpanNames.REQUEST_ID, "trace-http"));
    assertThat(request.endAttributes).containsExactly(Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));

    assertThat(upstreamHttp.parent).isSameAs(request);
    assertThat(upstreamHttp.attributes).containsExactly(
      Map.entry(SpanNames.HTTP_REQUEST_METHOD, "GET"),
      Map.entry(SpanNames.URL_FULL, traced.upstream.url() + "/page/x?a=1&token=<redacted>&fluxlit_sid=<redacted>"),
      Map.entry(SpanNames.FLUXLIT_REQUEST_ID, "trace-http"));
    assertThat(upstreamHttp.endAttributes).containsExactly(Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));
    assertThat(upstreamHttp.error).isNull();
    // The upstream span covers the send only: it ends when the response head arrives.
    assertThat(upstreamHttp.endedAt).isLessThan(request.endedAt);
    assertThat(spans).allSatisfy(s -> assertThat(s.ends.get()).isEqualTo(1));
  }

  @Test
  void anOAuthCallbackToStreamlitHasItsCodeAndStateRedactedInTheUpstreamUrl() {
    // Streamlit's own sign-in (st.login) comes back here: the OAuth secrets are redacted on every path.
    Http.Response response = traced.http.get("/oauth2callback?code=c0de-s3cret&state=st4te&session_state=s1d&x=1",
      "X-Request-ID", "trace-oauth");
    assertThat(response.status()).isEqualTo(200);
    List<Recorded> spans = traced.hook.awaitEnded("trace-oauth", 2);
    assertThat(spans.get(1).attributes).containsEntry(SpanNames.URL_FULL, traced.upstream.url()
      + "/oauth2callback?code=<redacted>&state=<redacted>&session_state=<redacted>&x=1");
  }

  @Test
  void theUpstreamSpanCarriesTheMethodAndStatusTheUpstreamSaw() {
    Http.Response response = traced.http.send(traced.http.options(HttpMethod.POST, "/form"), Buffer.buffer("small"),
      "X-Request-ID", "trace-post");
    assertThat(response.status()).isEqualTo(200);
    List<Recorded> spans = traced.hook.awaitEnded("trace-post", 2);
    assertThat(spans.get(0).attributes).containsEntry(SpanNames.METHOD_OR_TYPE, "POST");
    assertThat(spans.get(1).attributes)
      .containsEntry(SpanNames.HTTP_REQUEST_METHOD, "POST")
      .containsEntry(SpanNames.URL_FULL, traced.upstream.url() + "/form");
  }

  @Test
  void aRequestRefusedBeforeTheUpstreamHasNoUpstreamSpan() {
    Http.Response response = traced.http.send(traced.http.options(HttpMethod.POST, "/upload"),
      Buffer.buffer("far more than sixteen bytes"), "X-Request-ID", "trace-413");
    assertThat(response.status()).isEqualTo(413);
    List<Recorded> spans = traced.hook.awaitEnded("trace-413", 1);
    // An upstream span would start before the send, so before the 413 was written: no window needed.
    assertThat(traced.hook.forRequest("trace-413")).as("only the request span").hasSize(1);
    assertThat(spans.get(0).endAttributes).containsEntry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 413L);
  }

  @Test
  void anApiRequestHasOnlyTheRequestSpan() {
    Http.Response response = traced.http.get("/api/healthz", "X-Request-ID", "trace-api");
    assertThat(response.status()).isEqualTo(200);

    List<Recorded> spans = traced.hook.awaitEnded("trace-api", 1);
    // The API hop has no upstream span at all; one would exist before the answer did.
    assertThat(traced.hook.forRequest("trace-api")).as("no upstream span for the API").hasSize(1);
    Recorded request = spans.get(0);
    assertThat(request.name).isEqualTo(SpanNames.REQUEST);
    assertThat(request.attributes).containsExactly(
      Map.entry(SpanNames.DISPATCH, "api"),
      Map.entry(SpanNames.METHOD_OR_TYPE, "GET"),
      Map.entry(SpanNames.URL_PATH, "/api/healthz"),
      Map.entry(SpanNames.REQUEST_ID, "trace-api"));
    assertThat(request.endAttributes).containsExactly(Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));
  }

  @Test
  void concurrentRequestsKeepTheirOwnParents() {
    List<Future<Http.Response>> pending = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pending.add(traced.http.sendAsync(traced.http.options(HttpMethod.GET, "/c/" + i), null, "X-Request-ID", "trace-c-" + i));
    }
    Future.all(pending).await();
    for (int i = 0; i < 20; i++) {
      List<Recorded> spans = traced.hook.awaitEnded("trace-c-" + i, 2);
      assertThat(spans.get(1).parent).isSameAs(spans.get(0));
      assertThat(spans.get(0).attributes).containsEntry(SpanNames.URL_PATH, "/c/" + i);
    }
  }
}
