package io.fluxlit.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.slf4j.LoggerFactory;

/**
 * Initialises, on a thread of its own while the main thread reads the settings and builds Vert.x,
 * what the start and the first request would otherwise initialise one after the other: the
 * native transport's library ({@link TransportChoice} asks for it next), then the JSON codec
 * (Jackson's {@code ObjectMapper}, about 30 ms of a start, which every {@code /api} answer needs).
 * On a machine with more than one core this takes them off the path to the first
 * {@code /api/readyz} (docs/performance.md, tuning log).
 */
public final class StartupWarmUp {

  private StartupWarmUp() {
  }

  /** Starts the warm-up and returns at once; the thread is a daemon and ends by itself. */
  public static void start() {
    // The log first, on this thread: Netty and Vert.x log from the warm-up, and SLF4J hands a
    // stand-in factory to a thread that asks while another one initialises it, which would keep
    // LogSetup from applying FLUXLIT_LOG_FORMAT=json (JsonLogsIT).
    LoggerFactory.getILoggerFactory();
    Thread thread = new Thread(StartupWarmUp::run, "fluxlit-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    Transport.EPOLL.available();
    String encoded = new JsonObject().put("status", "ready").put("workers", new JsonArray().add(1)).encode();
    new JsonObject(encoded).getString("status");
  }
}
