package io.fluxlit.vertx;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.impl.MicrometerMetrics;

/**
 * Every use FluxLit makes of Vert.x's internal API ({@code io.vertx.core.internal},
 * {@code io.vertx.*.impl}) and of the names Vert.x gives its Netty pipeline handlers: what the
 * public API does not offer. A Vert.x upgrade that moves one of them touches this file only
 * ({@code PackageStructureTest} keeps it so). The one other file is
 * {@code exchange.ExchangeStorage}, whose service-provider method Vert.x declares with an
 * internal type.
 */
public final class VertxInternals {

  /** Vert.x's name for the HTTP/1.x request decoder of a server connection's pipeline. */
  private static final String HTTP_DECODER = "httpDecoder";
  /** Vert.x's name for the HTTP/1.x response encoder of a server connection's pipeline. */
  private static final String HTTP_ENCODER = "httpEncoder";

  private VertxInternals() {
  }

  /**
   * @param context a Vert.x context, or {@code null}
   * @return whether it is a duplicated context (one request's own), not an event loop's root context
   */
  public static boolean isDuplicate(Context context) {
    return context instanceof ContextInternal internal && internal.isDuplicate();
  }

  /**
   * @param vertx a Vert.x instance
   * @return its cluster manager, or {@code null} when it is not clustered
   */
  public static ClusterManager clusterManager(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }

  /**
   * @param vertx a Vert.x instance
   * @return the Micrometer registry its metrics record into, or {@code null} when its metrics are
   *     not vertx-micrometer-metrics
   */
  public static MeterRegistry micrometerRegistry(Vertx vertx) {
    return vertx instanceof VertxInternal internal && internal.metrics() instanceof MicrometerMetrics metrics
      ? metrics.registry() : null;
  }

  /**
   * @param connection a connection of an HTTP server
   * @return its Netty channel context, or {@code null} when it is not an HTTP/1.x server connection
   */
  public static ChannelHandlerContext channel(HttpConnection connection) {
    return connection instanceof HttpServerConnection internal ? internal.channelHandlerContext() : null;
  }

  /**
   * @param socket a WebSocket
   * @return its Netty channel context, or {@code null} when the socket hides it (a wrapper, such as
   *     the one a Vert.x Web router hands back)
   */
  public static ChannelHandlerContext channel(WebSocketBase socket) {
    return socket instanceof WebSocketInternal internal ? internal.channelHandlerContext() : null;
  }

  /**
   * The handler now registered under the name of {@code handler}: a WebSocket upgrade replaces
   * Vert.x's HTTP handler with a new one under the same name, and a close must start from the
   * live one so that it passes below it (through it, Vert.x would wait for a close handshake).
   *
   * @param handler a Vert.x handler's context taken before an upgrade
   * @return the context of the handler that holds its name now, or {@code handler} itself
   */
  public static ChannelHandlerContext live(ChannelHandlerContext handler) {
    ChannelHandlerContext live = handler.pipeline().context(handler.name());
    return live != null ? live : handler;
  }

  /**
   * Puts one handler before Vert.x's HTTP/1.x request decoder (it sees raw bytes) and one after its
   * response encoder (it sees decoded requests and the responses written).
   *
   * @param connection a connection of the HTTP server, just accepted
   * @param bytesName the name of {@code bytes} in the pipeline
   * @param bytes the handler of raw bytes
   * @param messagesName the name of {@code messages} in the pipeline
   * @param messages the handler of requests and responses
   * @return whether both were added: {@code false} for a connection that is not HTTP/1.x
   */
  public static boolean addAroundHttp1Codec(HttpConnection connection, String bytesName, ChannelHandler bytes,
                                            String messagesName, ChannelHandler messages) {
    ChannelHandlerContext channel = channel(connection);
    if (channel == null) {
      return false;
    }
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(HTTP_DECODER) == null || pipeline.get(HTTP_ENCODER) == null) {
      return false;
    }
    pipeline.addBefore(HTTP_DECODER, bytesName, bytes);
    pipeline.addAfter(HTTP_ENCODER, messagesName, messages);
    return true;
  }
}
