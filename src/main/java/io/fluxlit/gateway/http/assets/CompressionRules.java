package io.fluxlit.gateway.http.assets;

import io.fluxlit.config.AssetSettings;
import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.CompressionConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which responses Vert.x's HTTP compression (Netty's encoders, on the gateway's server) may
 * compress: text types only ({@link CompressibleTypes}), never a range or partial response, never
 * a body already encoded (Netty leaves those alone by itself), and only when Netty's choice of
 * coding is the one {@link ContentCoding#negotiate} makes, since Netty's ignores some q-values;
 * otherwise the body goes out as it is. Every text response gets {@code Vary: Accept-Encoding}.
 * A response marked {@code Content-Encoding: identity} is left uncompressed by Vert.x, which then
 * drops the marker.
 *
 * <p>Two places apply it: as a Vert.x Web handler, when the headers of the gateway's own and the
 * API's responses are written; and as a vertx-http-proxy interceptor on Streamlit's responses
 * (whose headers-end handler belongs to {@code UpstreamDate}), which also asks Streamlit for plain
 * bodies: the browser's {@code Accept-Encoding} is not forwarded, so the single-threaded Python
 * process spends no CPU on gzip (its middleware compresses JSON and downloads at level 9) and the
 * gateway sends the browser's best coding instead. WebSocket frames are not touched here.
 */
public final class CompressionRules implements Handler<RoutingContext>, ProxyInterceptor {

  private static final String IDENTITY = "identity";

  private final List<ContentCoding> offered;
  private final NettyChoice netty;

  /** @param streaming the encoders Vert.x's compression was given ({@link Compressors#streaming}) */
  public CompressionRules(List<CompressionOptions> streaming) {
    this.offered = Compressors.available();
    this.netty = new NettyChoice(streaming.toArray(CompressionOptions[]::new));
  }

  /**
   * @param assets the asset settings
   * @return the rules for the gateway's router, when compression is on
   */
  public static Optional<CompressionRules> of(AssetSettings assets) {
    return assets.compression() ? Optional.of(new CompressionRules(Compressors.streaming())) : Optional.empty();
  }

  /**
   * @param assets the asset settings
   * @return Vert.x's HTTP compression for the gateway's server (off when compression is off)
   */
  public static CompressionConfig server(AssetSettings assets) {
    return Compressors.server(assets.compression());
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.addHeadersEndHandler(v -> decide(request, ctx.response().getStatusCode(), ctx.response().headers(),
      ctx.response().headers().get(HttpHeaders.CONTENT_TYPE)));
    ctx.next();
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    context.request().headers().remove(HttpHeaders.ACCEPT_ENCODING);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    ProxyResponse response = context.response();
    Body body = response.getBody();
    // The proxy writes the body's media type over the Content-Type header.
    String type = body != null && body.mediaType() != null ? body.mediaType() : response.headers().get(HttpHeaders.CONTENT_TYPE);
    decide(context.request().proxiedRequest(), response.getStatusCode(), response.headers(), type);
    return context.sendResponse();
  }

  private void decide(HttpServerRequest request, int status, MultiMap headers, String contentType) {
    if (headers.contains(HttpHeaders.CONTENT_ENCODING)) {
      return;
    }
    boolean text = CompressibleTypes.compressible(contentType);
    if (text) {
      varyOnAcceptEncoding(headers);
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
    if (accept == null) {
      return;
    }
    ContentCoding ours = ContentCoding.negotiate(accept, offered);
    if (!text || status == 206 || request.headers().contains("Range") || headers.contains("Content-Range")
      || ours == null || !ours.token().equals(netty.choose(accept))) {
      headers.set(HttpHeaders.CONTENT_ENCODING, IDENTITY);
    }
  }

  /**
   * Adds {@code Accept-Encoding} to the response's {@code Vary} unless it is there.
   *
   * @param headers response headers
   */
  static void varyOnAcceptEncoding(MultiMap headers) {
    for (String vary : headers.getAll(HttpHeaders.VARY)) {
      for (String token : vary.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (name.equals("accept-encoding") || name.equals("*")) {
          return;
        }
      }
    }
    headers.add(HttpHeaders.VARY, "Accept-Encoding");
  }

  /** Netty's own choice, as Vert.x's compressor will make it for the same header. */
  private static final class NettyChoice extends HttpContentCompressor {

    NettyChoice(CompressionOptions[] options) {
      super(0, options);
    }

    String choose(String acceptEncoding) {
      return determineEncoding(acceptEncoding);
    }
  }
}
