package io.fluxlit.e2e;

import io.fluxlit.testing.ContentDecoding;
import io.fluxlit.testing.CountingUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.StreamlitServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression and the immutable-asset cache (docs/performance.md#crowd-first-load) in front of a
 * real Streamlit, with a counting hop between the two ({@link CountingUpstream}) to tell what
 * reached Streamlit: the coding by the browser's q-values, never media, ranges or encoded bodies;
 * bundles and their 304s answered from memory, concurrent misses fetched once; the page,
 * {@code /_stcore/}, {@code /media/} and uploads always asked; builds kept apart; the byte bound.
 */
@ExtendWith(VertxExtension.class)
class StaticAssetsTest {

  private static final String BROWSER = "gzip, deflate, br, zstd";
  private static final String MAIN_BUNDLE = "/static/js/index.CcFifQPt.js";

  private static StreamlitServer streamlit;

  @BeforeAll
  static void startStreamlit() {
    streamlit = StreamlitServer.start();
  }

  @AfterAll
  static void stopStreamlit() {
    if (streamlit != null) {
      streamlit.close();
    }
  }

  private static Gateway gateway(Vertx vertx, String upstream, String... settings) {
    JsonObject config = new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream)
      .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true");
    for (int i = 0; i < settings.length; i += 2) {
      config.put(settings[i], settings[i + 1]);
    }
    return Gateway.start(vertx, config);
  }

  /** The gateway's asset-cache series, as a scrape shows them. */
  private record CacheSeries(long hits, long misses, long bytesSaved, long bytes) {
  }

  private static CacheSeries cache(Http http) {
    String scrape = http.get("/__fluxlit/metrics").text();
    return new CacheSeries(series(scrape, "fluxlit_gateway_asset_cache_hits_total"),
      series(scrape, "fluxlit_gateway_asset_cache_misses_total"),
      series(scrape, "fluxlit_gateway_asset_cache_bytes_saved_total"), series(scrape, "fluxlit_gateway_asset_cache_bytes"));
  }

  private static long series(String scrape, String name) {
    Matcher m = Pattern.compile("^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
    assertThat(m.find()).as("%s in the scrape", name).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private static List<String> bundles(Http http) {
    Matcher m = Pattern.compile("(?:src|href)=\"\\./(static/(?:js|css)/[^\"]+)\"").matcher(http.get("/").text());
    List<String> paths = new ArrayList<>();
    while (m.find()) {
      paths.add("/" + m.group(1));
    }
    assertThat(paths).as("bundles in Streamlit's page").contains(MAIN_BUNDLE);
    return paths;
  }

  @Test
  void sendsTheBestCodingTheBrowserAcceptsByItsQValues(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url())) {
      Http http = new Http(vertx, gateway.port());
      Buffer plain = new Http(vertx, streamlit.port()).get(MAIN_BUNDLE).body();
      String[][] cases = {
        {BROWSER, "br"},
        {"gzip, zstd", "zstd"},
        {"gzip;q=1, br;q=0.5, zstd;q=0.2", "gzip"},
        {"br;q=0, zstd;q=0, gzip", "gzip"},
        {"*", "br"},
        {"identity", null},
        {"deflate", null},
      };
      for (String[] c : cases) {
        Http.Response bundle = http.get(MAIN_BUNDLE, "Accept-Encoding", c[0]);
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.headers().get("content-encoding")).as("coding for %s", c[0]).isEqualTo(c[1]);
        assertThat(bundle.headers().get("vary")).as("Vary for %s", c[0]).containsIgnoringCase("Accept-Encoding");
        assertThat(bundle.headers().get("content-type")).isEqualTo("application/javascript");
        assertThat(ContentDecoding.decode(c[1], bundle.body())).as("decoded body for %s", c[0]).isEqualTo(plain);
        if (c[1] != null) {
          assertThat(bundle.body().length()).isLessThan(plain.length() / 2);
        }
      }
      Http.Response none = http.get(MAIN_BUNDLE);
      assertThat(none.headers().get("content-encoding")).isNull();
      assertThat(none.headers().get("vary")).containsIgnoringCase("Accept-Encoding");

      // Not cached (the page): Vert.x's compression, where Netty's choice and the q-values agree.
      Http.Response page = http.get("/", "Accept-Encoding", BROWSER);
      assertThat(page.headers().get("content-encoding")).isEqualTo("br");
      assertThat(page.headers().get("vary")).containsIgnoringCase("Accept-Encoding");
      assertThat(ContentDecoding.decode("br", page.body()).toString()).contains("<div id=\"root\">");
      Http.Response refused = http.get("/", "Accept-Encoding", "gzip, br;q=0");
      assertThat(refused.headers().get("content-encoding")).as("never a coding the browser refused").isNotEqualTo("br");
      assertThat(ContentDecoding.decode(refused.headers().get("content-encoding"), refused.body()).toString())
        .contains("<div id=\"root\">");
    }
  }

  @Test
  void neverCompressesMediaRangesOrBodiesAlreadyEncoded(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url())) {
      Http http = new Http(vertx, gateway.port());
      Http.Response font = http.get("/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2", "Accept-Encoding", BROWSER);
      assertThat(font.status()).isEqualTo(200);
      assertThat(font.headers().get("content-encoding")).as("a WOFF2 font is compressed already: %s", font.headers()).isNull();
      Http.Response icon = http.get("/favicon.png", "Accept-Encoding", BROWSER);
      assertThat(icon.headers().get("content-encoding")).as("an image").isNull();

      for (int i = 0; i < 2; i++) {
        Http.Response range = http.get(MAIN_BUNDLE, "Accept-Encoding", BROWSER, "Range", "bytes=0-99");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.headers().get("content-encoding")).as("a range").isNull();
        assertThat(range.body().length()).isEqualTo(100);
      }
      assertThat(upstream.requestsFor(MAIN_BUNDLE)).as("ranges go to Streamlit").isEqualTo(2);

      Http.Response encoded = http.get("/encoded.txt", "Accept-Encoding", BROWSER);
      assertThat(encoded.headers().get("content-encoding")).as("the upstream's own coding, untouched").isEqualTo("gzip");
      assertThat(ContentDecoding.decode("gzip", encoded.body()).toString()).isEqualTo(CountingUpstream.ENCODED_TEXT);
    }
  }

  @Test
  void answersBundlesAndTheir304sWithoutAskingStreamlitAndFetchesACrowdsMissOnce(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url())) {
      Http http = new Http(vertx, gateway.port());
      List<Future<Http.Response>> crowd = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        crowd.add(http.sendAsync(http.options(HttpMethod.GET, MAIN_BUNDLE), null, "Accept-Encoding", BROWSER));
      }
      Future.all(crowd).await();
      crowd.forEach(f -> assertThat(f.result().headers().get("content-encoding")).isEqualTo("br"));
      assertThat(upstream.requestsFor(MAIN_BUNDLE)).as("20 browsers at once, one fetch").isEqualTo(1);

      Http.Response first = http.get(MAIN_BUNDLE, "Accept-Encoding", "gzip");
      String etag = first.headers().get("etag");
      String lastModified = first.headers().get("last-modified");
      assertThat(etag).as("a compressed variant's validator is weak").startsWith("W/\"");
      assertThat(first.headers().get("cache-control")).contains("immutable");

      Http.Response byTag = http.get(MAIN_BUNDLE, "Accept-Encoding", "gzip", "If-None-Match", etag);
      assertThat(byTag.status()).isEqualTo(304);
      assertThat(byTag.body().length()).isZero();
      assertThat(byTag.headers().get("etag")).isNotBlank();
      Http.Response byDate = http.get(MAIN_BUNDLE, "If-Modified-Since", lastModified);
      assertThat(byDate.status()).isEqualTo(304);
      Http.Response changed = http.get(MAIN_BUNDLE, "If-None-Match", "\"another\"");
      assertThat(changed.status()).isEqualTo(200);
      Http.Response head = http.send(http.options(HttpMethod.HEAD, MAIN_BUNDLE), null, "Accept-Encoding", BROWSER);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body().length()).isZero();

      assertThat(upstream.requestsFor(MAIN_BUNDLE)).as("Streamlit asked once in all").isEqualTo(1);
      CacheSeries cache = cache(http);
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isEqualTo(19 + 5);
      assertThat(cache.bytesSaved()).isGreaterThan(20L * 300_000);
    }
  }

  @Test
  void aFetchThatFailsLeavesNoBrowserWaitingForIt(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url())) {
      Http http = new Http(vertx, gateway.port());
      upstream.cutFirst(MAIN_BUNDLE);
      assertThat(http.get(MAIN_BUNDLE, "Accept-Encoding", BROWSER).status()).as("the fetch Streamlit cut").isEqualTo(502);
      // Those that come next must not wait for the failed fetch: they fetch again and get the bundle.
      List<Future<Http.Response>> next = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        next.add(http.sendAsync(http.options(HttpMethod.GET, MAIN_BUNDLE), null, "Accept-Encoding", BROWSER));
      }
      Future.all(next).timeout(30, TimeUnit.SECONDS).await();
      next.forEach(f -> assertThat(f.result().status()).isEqualTo(200));
    }
  }

  @Test
  void aHeadOrConditionalFirstRequestStillKeepsTheWholeBundle(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url())) {
      Http http = new Http(vertx, gateway.port());
      Http direct = new Http(vertx, streamlit.port());
      String headFirst = "/static/js/react-dom.BzV73oHg.js";
      Http.Response head = http.send(http.options(HttpMethod.HEAD, headFirst), null, "Accept-Encoding", BROWSER);
      assertThat(head.status()).isEqualTo(200);
      Buffer plain = direct.get(headFirst).body();
      assertThat(http.get(headFirst).body()).as("the bundle after a HEAD").isEqualTo(plain);
      assertThat(http.get(headFirst).body()).isEqualTo(plain);
      assertThat(upstream.requestsFor(headFirst)).as("a HEAD keeps nothing; the first GET does").isEqualTo(2);

      String conditionalFirst = "/static/js/protobuf.Bpsvwqxh.js";
      String etag = direct.get(conditionalFirst).headers().get("etag");
      Http.Response notModified = http.get(conditionalFirst, "If-None-Match", etag);
      assertThat(notModified.status()).isEqualTo(304);
      Http.Response full = http.get(conditionalFirst);
      assertThat(full.status()).isEqualTo(200);
      assertThat(full.body()).isEqualTo(direct.get(conditionalFirst).body());
      assertThat(upstream.requestsFor(conditionalFirst)).as("the 304 came from the kept bundle").isEqualTo(1);
    }
  }

  @Test
  void alwaysAsksStreamlitForThePageStcoreMediaUploadsAndWhatIsNotImmutable(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url())) {
      Http http = new Http(vertx, gateway.port());
      String[] paths = {"/", "/_stcore/health", "/_stcore/host-config", "/media/nothing.png", "/manifest.json",
        "/static/js/no-such-bundle.js"};
      for (int round = 1; round <= 2; round++) {
        for (String path : paths) {
          int before = upstream.requestsFor(path);
          http.get(path, "Accept-Encoding", BROWSER);
          // At least: reading a worker's build reads its page too.
          assertThat(upstream.requestsFor(path)).as("%s, round %d", path, round).isGreaterThan(before);
        }
        http.send(http.options(HttpMethod.PUT, "/_stcore/upload_file/s/f"), Buffer.buffer("x"));
        assertThat(upstream.requestsFor("/_stcore/upload_file/s/f")).as("upload, round %d", round).isEqualTo(round);
      }
      assertThat(cache(http).bytes()).as("nothing kept").isZero();
    }
  }

  @Test
  void neverServesABundleForAWorkerOfAnotherBuild(Vertx vertx) {
    // One gateway, two workers: this Streamlit, and the same files dressed as another build (its
    // page names another bundle, its bundles end differently). New browsers alternate between them.
    try (CountingUpstream same = CountingUpstream.sameBuild(vertx, streamlit);
         CountingUpstream other = CountingUpstream.otherBuild(vertx, streamlit, "build-b");
         Gateway gateway = gateway(vertx, same.url() + "," + other.url())) {
      Http http = new Http(vertx, gateway.port());
      String cookieA = null;
      String cookieB = null;
      for (int i = 0; i < 6 && (cookieA == null || cookieB == null); i++) {
        Http.Response page = http.get("/", "Accept", "text/html");
        String pin = page.headers().get("set-cookie").split(";")[0];
        if (page.text().contains("build-b")) {
          cookieB = pin;
        } else {
          cookieA = pin;
        }
      }
      assertThat(cookieA).as("a browser pinned to the first build").isNotNull();
      assertThat(cookieB).as("a browser pinned to the other build").isNotNull();
      for (int round = 0; round < 2; round++) {
        assertThat(http.get(MAIN_BUNDLE, "Cookie", cookieA).text().contains("build-b"))
          .as("the first build's bundle, round %d", round).isFalse();
        assertThat(http.get(MAIN_BUNDLE, "Cookie", cookieB).text().endsWith("/* build-b */\n"))
          .as("the other build's bundle, round %d", round).isTrue();
      }
      assertThat(same.requestsFor(MAIN_BUNDLE)).isEqualTo(1);
      assertThat(other.requestsFor(MAIN_BUNDLE)).isEqualTo(1);
    }
  }

  @Test
  void staysWithinItsByteBound(Vertx vertx) {
    long bound = 1_000_000;
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url(), "FLUXLIT_GATEWAY_ASSET_CACHE_MAX_BYTES", Long.toString(bound))) {
      Http http = new Http(vertx, gateway.port());
      for (String bundle : bundles(http)) {
        for (String coding : new String[] {"br", "zstd", "gzip", "identity"}) {
          assertThat(http.get(bundle, "Accept-Encoding", coding).status()).isEqualTo(200);
          assertThat(cache(http).bytes()).as("held after %s in %s", bundle, coding).isLessThanOrEqualTo(bound);
        }
      }
      assertThat(cache(http).bytes()).isPositive();
      // 443 kB is more than a quarter of the bound: never kept, Streamlit asked each time.
      http.get(MAIN_BUNDLE);
      http.get(MAIN_BUNDLE);
      assertThat(upstream.requestsFor(MAIN_BUNDLE)).isEqualTo(4 + 2);
    }
  }

  @Test
  void eachPartTurnsOff(Vertx vertx) {
    try (CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = gateway(vertx, upstream.url(), "FLUXLIT_GATEWAY_COMPRESSION", "false",
           "FLUXLIT_GATEWAY_ASSET_CACHE", "false")) {
      Http http = new Http(vertx, gateway.port());
      for (int i = 1; i <= 2; i++) {
        Http.Response bundle = http.get(MAIN_BUNDLE, "Accept-Encoding", BROWSER);
        assertThat(bundle.headers().get("content-encoding")).isNull();
        assertThat(upstream.requestsFor(MAIN_BUNDLE)).isEqualTo(i);
        assertThat(http.get("/", "Accept-Encoding", BROWSER).headers().get("content-encoding")).isNull();
      }
    }
  }
}
