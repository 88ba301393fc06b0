package io.fluxlit.bus;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.logging.RequestId;
import io.fluxlit.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;

/**
 * Carries the request ID across the event bus, so no sender adds it and no consumer binds it by
 * hand: the outbound interceptor copies the sender's current ID into the {@link RequestId#HEADER}
 * message header (unless the sender set one), and the inbound interceptor, which Vert.x runs on
 * the message's own duplicated context, binds an {@link Exchange} of that ID there before the
 * handler runs. A reply delivered to a context that already has its exchange (the gateway's
 * request) leaves it alone.
 */
public final class RequestIdInterceptors {

  private static final String INSTALLED = "fluxlit.bus.request-id-interceptors";

  private RequestIdInterceptors() {
  }

  /**
   * Adds both interceptors to a Vert.x's event bus, once however often it is called.
   *
   * @param vertx the Vert.x
   */
  public static void install(Vertx vertx) {
    // A flag in the Vert.x's own local data, not a constructor argument: extension verticles in any
    // JVM install them through ApiRoutes, where nothing of FluxLit's start-up exists to hand one over.
    if (vertx.sharedData().getLocalMap(INSTALLED).putIfAbsent("installed", true) == null) {
      vertx.eventBus()
        .addOutboundInterceptor(RequestIdInterceptors::outbound)
        .addInboundInterceptor(RequestIdInterceptors::inbound);
    }
  }

  static <T> void outbound(DeliveryContext<T> delivery) {
    String requestId = RequestId.current();
    MultiMap headers = delivery.message().headers();
    if (requestId != null && !headers.contains(RequestId.HEADER)) {
      headers.add(RequestId.HEADER, requestId);
    }
    delivery.next();
  }

  static <T> void inbound(DeliveryContext<T> delivery) {
    String requestId = delivery.message().headers().get(RequestId.HEADER);
    Context context = Vertx.currentContext();
    if (requestId != null && VertxInternals.isDuplicate(context)
      && Exchange.current() == null) {
      Exchange.ofId(requestId).bindTo(context);
    }
    delivery.next();
  }
}
