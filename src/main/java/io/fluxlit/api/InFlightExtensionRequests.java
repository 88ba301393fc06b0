package io.fluxlit.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests the API verticle has sent to extensions and not yet had answered, so that the ones a
 * departed cluster member took with it are answered 503 at once.
 *
 * <p>Why by hand: Vert.x's clustered event bus drops a message whose connection to the target
 * node fails without failing the request (the write failure is not a {@code ReplyException}), so
 * a request that raced a killed extension JVM would otherwise wait the whole
 * {@code FLUXLIT_API_TIMEOUT_S}. When a member leaves, every address with requests in flight and
 * no consumer left on a live member has those requests failed with {@code NO_HANDLERS}, which
 * FluxLit's {@link io.fluxlit.api.ReplyFailure} (not Vert.x's enum of the same name) turns into
 * 503. With live replicas left a request may still have gone to
 * the dead one; it gets the timeout (504), as resending could run a handler twice.
 *
 * <p>Vert.x forgets the departed member's consumers a moment after Hazelcast reports it gone, and
 * may still route to it meanwhile: so the check runs again a few times after a departure, and
 * for every request sent within {@link #AFTERMATH_MS} of one.
 *
 * <p>Confined to the API verticle's event loop.
 */
final class InFlightExtensionRequests {

  /** How long after a member left requests are checked as they are sent. */
  static final long AFTERMATH_MS = 10_000;
  private static final long[] RECHECK_MS = {500, 1_000, 2_000, 4_000, 8_000};

  private final Context context;
  private final ClusterManager cluster;
  private final Map<Promise<Message<JsonObject>>, Pending> inFlight = new IdentityHashMap<>();
  /** Set by the first departure; until then nothing is checked. */
  private boolean departed;
  private long lastDeparture;

  /**
   * @param context the API verticle's context; every method runs on it
   * @param cluster the cluster manager, {@code null} when the event bus is not clustered
   */
  InFlightExtensionRequests(Context context, ClusterManager cluster) {
    this.context = context;
    this.cluster = cluster;
  }

  /**
   * @param address the extension address the request went to
   * @param request the request's reply
   * @return the reply, or a {@code NO_HANDLERS} failure when the serving member leaves first
   */
  Future<Message<JsonObject>> track(String address, Future<Message<JsonObject>> request) {
    Promise<Message<JsonObject>> answer = Promise.promise();
    // The request's duplicated context: failing it there keeps the request ID in the log lines.
    inFlight.put(answer, new Pending(address, Vertx.currentContext()));
    if (departed && System.nanoTime() - lastDeparture < AFTERMATH_MS * 1_000_000) {
      check(address);
    }
    request.onComplete(ar -> {
      inFlight.remove(answer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ar.cause());
      }
    });
    return answer.future();
  }

  /**
   * A cluster member left: fails the requests whose address no live member serves any more, now
   * and a few times over the next seconds. Nothing to do without a cluster.
   */
  void memberLeft() {
    if (cluster == null) {
      return;
    }
    departed = true;
    lastDeparture = System.nanoTime();
    sweep();
    for (long delay : RECHECK_MS) {
      context.owner().setTimer(delay, id -> sweep());
    }
  }

  private void sweep() {
    new HashSet<>(inFlight.values().stream().map(Pending::address).toList()).forEach(this::check);
  }

  private void check(String address) {
    Promise<List<RegistrationInfo>> registrations = Promise.promise();
    cluster.getRegistrations(address, registrations);
    registrations.future().onSuccess(found -> context.runOnContext(v -> {
      // The departed node's registrations may not be cleaned up yet: count live nodes only.
      List<String> live = cluster.getNodes();
      if (found.stream().noneMatch(r -> live.contains(r.nodeId()))) {
        failAll(address);
      }
    }));
  }

  private void failAll(String address) {
    List<Promise<Message<JsonObject>>> lost = inFlight.entrySet().stream()
      .filter(e -> e.getValue().address().equals(address)).map(Map.Entry::getKey).toList();
    lost.forEach(p -> {
      Context requestContext = inFlight.remove(p).context();
      ReplyException gone = new ReplyException(ReplyFailure.NO_HANDLERS, "the cluster member serving " + address + " left");
      if (requestContext == null) {
        p.tryFail(gone);
      } else {
        requestContext.runOnContext(v -> p.tryFail(gone));
      }
    });
  }

  /** Where a request went, and the request's own context, where its failure must be delivered. */
  private record Pending(String address, Context context) {
  }
}
