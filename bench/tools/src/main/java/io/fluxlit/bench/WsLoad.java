package io.fluxlit.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket load client. Closed loop, like wrk: each connection (or each connect loop) waits
 * for its answer before the next one, so the rate is what the path under test sustains and the
 * latency is the round trip under that load. All on one event loop, so the histogram needs no lock.
 */
final class WsLoad {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions target;
  private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong errors = new AtomicLong();
  /** Cycles or round trips of a second or more: a SYN retransmitted (a port still in TIME_WAIT). */
  private long slow;
  private volatile boolean measuring;
  private volatile boolean stopped;
  private long count;
  /** Round trips or cycles since the start, warm-up included: the proxy's CPU time is per these. */
  private long total;

  private WsLoad(String url) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(Integer.MAX_VALUE)
      .setTcpNoDelay(true)
      // SO_REUSEADDR: a local port whose previous connection is in TIME_WAIT can be bound again,
      // so the connect workload does not run out of ports or stall on them (docs/performance.md).
      .setReuseAddress(true)
      .setConnectTimeout(10_000)
      .setMaxFrameSize(Fixture.LARGE_BYTES)
      .setMaxMessageSize(Fixture.LARGE_BYTES));
    URI uri = URI.create(url);
    target = new WebSocketConnectOptions()
      .setHost(uri.getHost())
      .setPort(uri.getPort())
      .setURI(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
  }

  static void run(String tool, Map<String, String> options) throws Exception {
    String url = options.get("url");
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    WsLoad load = new WsLoad(url);
    try {
      switch (tool) {
        case "ws-echo" -> load.echo(Tools.intOption(options, "connections", 50),
          Tools.intOption(options, "size", 64), Tools.doubleOption(options, "warmup", 1),
          Tools.doubleOption(options, "duration", 5));
        case "ws-connect" -> load.connectClose(Tools.intOption(options, "concurrency", 16),
          Tools.doubleOption(options, "warmup", 1), Tools.doubleOption(options, "duration", 5));
        case "ws-hold" -> load.hold(Tools.intOption(options, "count", 1000));
        default -> throw new IllegalArgumentException(tool);
      }
    } finally {
      load.vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Round trips: every connection sends a message, waits for its echo, sends the next. */
  private void echo(int connections, int size, double warmupS, double durationS) throws Exception {
    String message = "x".repeat(size);
    List<Future<WebSocket>> opening = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      opening.add(connectRetrying(3));
    }
    List<WebSocket> sockets = new ArrayList<>();
    for (Future<WebSocket> f : opening) {
      sockets.add(f.await(20, TimeUnit.SECONDS));
    }
    for (WebSocket ws : sockets) {
      long[] sent = new long[1];
      ws.textMessageHandler(text -> {
        total++;
        if (measuring) {
          histogram.recordValue(Math.max(1, (System.nanoTime() - sent[0]) / 1000));
          count++;
        }
        if (!stopped) {
          sent[0] = System.nanoTime();
          ws.writeTextMessage(message);
        }
      });
      ws.exceptionHandler(err -> errors.incrementAndGet());
      vertx.runOnContext(v -> {
        sent[0] = System.nanoTime();
        ws.writeTextMessage(message);
      });
    }
    measure(warmupS, durationS);
    for (WebSocket ws : sockets) {
      ws.close();
    }
  }

  /** Connect, close, wait for the connection to end, again; {@code concurrency} loops at once. */
  private void connectClose(int concurrency, double warmupS, double durationS) throws Exception {
    for (int i = 0; i < concurrency; i++) {
      vertx.runOnContext(v -> cycle());
    }
    measure(warmupS, durationS);
  }

  private void cycle() {
    if (stopped) {
      return;
    }
    long start = System.nanoTime();
    client.connect(target).onComplete(ar -> {
      if (ar.failed()) {
        errors.incrementAndGet();
        vertx.setTimer(10, id -> cycle());
        return;
      }
      WebSocket ws = ar.result();
      ws.closeHandler(v -> {
        total++;
        if (measuring) {
          long micros = Math.max(1, (System.nanoTime() - start) / 1000);
          histogram.recordValue(micros);
          count++;
          if (micros >= 1_000_000) {
            slow++;
          }
        }
        cycle();
      });
      ws.close();
    });
  }

  /**
   * Warms up for {@code warmupS}, then measures for {@code durationS}. This client is a new JVM for
   * every measurement, so its own first seconds run interpreted code; a fixed warm-up of a few
   * seconds keeps the measurement from timing this JVM's JIT instead of the path under test (an
   * adaptive one, stopping once two half-second windows agreed, stopped too early in 4 of 21
   * measurements of one run: docs/performance.md, Warm-up).
   */
  private void measure(double warmupS, double durationS) throws Exception {
    Thread.sleep((long) (warmupS * 1000));
    runOnLoop(() -> measuring = true);
    long start = System.nanoTime();
    Thread.sleep((long) (durationS * 1000));
    long[] snapshot = new long[3];
    Histogram[] copy = new Histogram[1];
    runOnLoop(() -> {
      measuring = false;
      stopped = true;
      snapshot[0] = count;
      snapshot[1] = slow;
      snapshot[2] = total;
      copy[0] = histogram.copy();
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "rate=%.1f p50_us=%d p99_us=%d count=%d errors=%d slow=%d total=%d%n",
      snapshot[0] / seconds, copy[0].getValueAtPercentile(50), copy[0].getValueAtPercentile(99),
      snapshot[0], errors.get(), snapshot[1], snapshot[2]);
  }

  /** Opens {@code count} sessions, 50 at a time, prints {@code open N}, holds them until killed. */
  private void hold(int count) throws Exception {
    List<WebSocket> sockets = new ArrayList<>();
    int batch = 50;
    for (int done = 0; done < count; done += batch) {
      List<Future<WebSocket>> opening = new ArrayList<>();
      for (int i = done; i < Math.min(count, done + batch); i++) {
        opening.add(connectRetrying(3));
      }
      for (Future<WebSocket> f : opening) {
        WebSocket ws = f.await(20, TimeUnit.SECONDS);
        ws.textMessageHandler(t -> { });
        sockets.add(ws);
      }
    }
    // One message each way on every session, so every relay has carried traffic.
    for (WebSocket ws : sockets) {
      ws.writeTextMessage("hello");
    }
    System.out.println("open " + sockets.size());
    System.out.flush();
    new CompletableFuture<Void>().join(); // until killed
  }

  private Future<WebSocket> connectRetrying(int attempts) {
    return client.connect(target).recover(err -> attempts > 1 ? connectRetrying(attempts - 1) : Future.failedFuture(err));
  }

  private void runOnLoop(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(10, TimeUnit.SECONDS);
  }
}
