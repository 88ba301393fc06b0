package io.fluxlit.pool;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Streamlit server of the pool. Thread-safe: every gateway event loop reads it, the sidecar
 * or the health checks change its state, and the WebSocket relay counts its sessions.
 *
 * <p>Three names: {@link #id()} is the affinity cookie's value, random, so the cookie says nothing
 * about hosts or ports and a worker that is replaced (reload) or forgotten leaves stale cookies
 * unknown; {@link #slot()} is the bounded metrics label ({@code w1}, kept by the process that
 * replaces it); {@link #name()} ({@code w1.2}: slot and generation) is what logs print.
 */
public final class Worker {

  /** Where a worker comes from. */
  public enum Kind {
    /** A Streamlit process this gateway started and supervises. */
    MANAGED,
    /** One of the servers listed in {@code FLUXLIT_STREAMLIT_UPSTREAM}. */
    EXTERNAL,
    /** Announced by a {@code worker} JVM over the clustered event bus. */
    REMOTE
  }

  /** The worker chosen for an exchange: the worker itself, never looked up again by name. */
  public static final Exchange.Key<Worker> CHOSEN = Exchange.Key.named("worker");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final String slot;
  private final int generation;
  private final Kind kind;
  private final Upstream upstream;
  private final AtomicReference<WorkerState> state = new AtomicReference<>(WorkerState.STARTING);
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile String detail = "";

  /**
   * @param id the affinity cookie value ({@link #newId()}; a remote worker brings its own)
   * @param slot the metrics label, e.g. {@code w1}
   * @param generation 1 for the first process of the slot, one more for each replacement
   * @param kind where it comes from
   * @param upstream where it listens
   */
  public Worker(String id, String slot, int generation, Kind kind, Upstream upstream) {
    this.id = id;
    this.slot = slot;
    this.generation = generation;
    this.kind = kind;
    this.upstream = upstream;
  }

  /**
   * Records this worker as the one an exchange goes to: attached for the hops that proxy to it,
   * and its name as the label observers log.
   *
   * @param exchange the exchange
   */
  public void chosenFor(Exchange exchange) {
    exchange.attach(CHOSEN, this);
    exchange.worker(name());
  }

  /** @return a fresh random, opaque affinity value (16 hex digits) */
  public static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public String id() {
    return id;
  }

  public String slot() {
    return slot;
  }

  public int generation() {
    return generation;
  }

  /** @return {@code slot.generation}, e.g. {@code w1.2}: unique for the gateway's life */
  public String name() {
    return slot + "." + generation;
  }

  public Kind kind() {
    return kind;
  }

  public Upstream upstream() {
    return upstream;
  }

  public WorkerState state() {
    return state.get();
  }

  /** @return why it is in its state, e.g. the exit code of a dead process (empty when up) */
  public String detail() {
    return detail;
  }

  /**
   * @param next the new state
   * @param why why, for readiness and the debug snapshot (empty: none)
   * @return the state before
   */
  WorkerState state(WorkerState next, String why) {
    detail = why == null ? "" : why;
    return state.getAndSet(next);
  }

  /** @return relayed WebSocket sessions open on it now (through this gateway) */
  public int sessions() {
    return sessions.get();
  }

  /** A WebSocket session relayed to it has opened. */
  public void sessionOpened() {
    sessions.incrementAndGet();
  }

  /** A WebSocket session relayed to it has closed. */
  public void sessionClosed() {
    sessions.decrementAndGet();
  }

  /**
   * @param navigation whether the request loads a page (a new session starts)
   * @return whether a browser pinned here is still served here: always when up; when draining,
   *     everything but a page load, so open sessions keep their uploads, media and WebSocket
   */
  boolean keeps(boolean navigation) {
    WorkerState now = state.get();
    return now == WorkerState.UP || now == WorkerState.DRAINING && !navigation;
  }

  /** @return the worker as readiness and the debug snapshot list it (no cookie value) */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("worker", name())
      .put("kind", kind.name().toLowerCase(Locale.ROOT))
      .put("state", state().label())
      .put("sessions", sessions());
    if (!detail.isEmpty()) {
      json.put("detail", detail);
    }
    return json;
  }

  @Override
  public String toString() {
    return name() + " (" + kind.name().toLowerCase(Locale.ROOT) + ", " + upstream.baseUrl() + ")";
  }
}
