package io.fluxlit.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crowd's first load: N browsers arrive at once, each on new connections (at most 6, as a
 * browser opens per host), each fetching the page and then every URL a real headless Chromium
 * fetched for it (bench/crowd-urls.txt, in that order), with a browser's
 * {@code Accept-Encoding: gzip, deflate, br, zstd}. A page is complete when its last URL is.
 * Bodies are not decompressed: their bytes are what crossed the wire (plus the response heads,
 * counted as status line and header lines).
 *
 * <p>With {@code --warmup W}, W crowds are run and discarded first; then it prints {@code warmed}
 * and waits for a line on its standard input before the measured crowd. They go to
 * {@code --warmup-url} when given (by default {@code --url}): a cold target is measured by a warm
 * client when its warm-up crowds go elsewhere.
 *
 * <p>One line: {@code rate=} complete pages per second over the whole crowd (N over the time from
 * the first request to the last page), {@code p50_us/p99_us=} page times, {@code kib_per_page=}.
 */
final class Crowd {

  private static final String ACCEPT_ENCODING = "gzip, deflate, br, zstd";
  private static final int CONNECTIONS_PER_BROWSER = 6;

  private Crowd() {
  }

  static void run(Map<String, String> options) throws Exception {
    String base = options.get("url");
    String list = options.get("urls");
    if (base == null || list == null) {
      throw new IllegalArgumentException("--url and --urls are required");
    }
    int browsers = Tools.intOption(options, "browsers", 100);
    List<String> paths = Files.readAllLines(Path.of(list)).stream().map(String::trim)
      .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    URI uri = URI.create(base);
    int warmups = Tools.intOption(options, "warmup", 0);
    URI warmupUri = URI.create(options.getOrDefault("warmup-url", base));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    try {
      // Discarded crowds first, in this JVM: without them the client's own JIT, compiling as the
      // measured crowd runs, can be what limits a fast target.
      for (int i = 0; i < warmups; i++) {
        crowd(vertx, warmupUri, paths, browsers);
      }
      if (warmups > 0) {
        // bench/crowd.sh reads the CPU counters between this line and its answer.
        System.out.println("warmed");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      crowd(vertx, uri, paths, browsers).print(browsers);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private record Result(double rate, Histogram pages, int count, long errors, long bytes) {
    void print(int browsers) {
      System.out.printf(Locale.ROOT, "rate=%.2f p50_us=%d p99_us=%d count=%d errors=%d kib_per_page=%.1f%n", rate,
        pages.getValueAtPercentile(50), pages.getValueAtPercentile(99), count, errors, bytes / 1024.0 / browsers);
    }
  }

  /** One crowd: {@code browsers} first visits at once, each on its own connections. */
  private static Result crowd(Vertx vertx, URI uri, List<String> paths, int browsers) throws Exception {
    Histogram pages = new Histogram(TimeUnit.SECONDS.toMicros(600), 3);
    AtomicLong bytes = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    synchronized (PAGE_TIMES) {
      PAGE_TIMES.clear();
    }
    long start = System.nanoTime();
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < browsers; i++) {
      all.add(browser(vertx, uri, paths, bytes, errors));
    }
    for (Future<Void> page : all) {
      page.await(600, TimeUnit.SECONDS);
    }
    long elapsed = System.nanoTime() - start;
    List<Long> times = new ArrayList<>();
    synchronized (PAGE_TIMES) {
      times.addAll(PAGE_TIMES);
    }
    times.forEach(t -> pages.recordValue(Math.max(1, t / 1000)));
    return new Result(browsers / (elapsed / 1e9), pages, times.size(), errors.get(), bytes.get());
  }

  private static final List<Long> PAGE_TIMES = new ArrayList<>();

  /** One browser: the page first, then the rest over at most 6 connections; its page time recorded. */
  private static Future<Void> browser(Vertx vertx, URI base, List<String> paths, AtomicLong bytes, AtomicLong errors) {
    HttpClient client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
        .setConnectTimeout(30_000).setIdleTimeout(120))
      .with(new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_BROWSER).setMaxWaitQueueSize(-1))
      .build();
    long start = System.nanoTime();
    Future<Void> page = fetch(client, base, paths.get(0), bytes, errors).compose(v -> {
      List<Future<Void>> rest = new ArrayList<>();
      for (String path : paths.subList(1, paths.size())) {
        rest.add(fetch(client, base, path, bytes, errors));
      }
      return Future.join(rest).mapEmpty();
    });
    return page.transform(done -> {
      long took = System.nanoTime() - start;
      synchronized (PAGE_TIMES) {
        PAGE_TIMES.add(took);
      }
      return client.close();
    });
  }

  private static Future<Void> fetch(HttpClient client, URI base, String path, AtomicLong bytes, AtomicLong errors) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(base.getPort())
        .setURI(path).addHeader("Accept-Encoding", ACCEPT_ENCODING).addHeader("Accept", "*/*"))
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> {
        long head = 17 + response.statusMessage().length();
        for (Map.Entry<String, String> header : response.headers()) {
          head += header.getKey().length() + header.getValue().length() + 4;
        }
        bytes.addAndGet(head + body.length());
        if (response.statusCode() >= 400) {
          errors.incrementAndGet();
        }
        return (Void) null;
      }))
      .recover(err -> {
        errors.incrementAndGet();
        return Future.succeededFuture();
      });
  }
}
