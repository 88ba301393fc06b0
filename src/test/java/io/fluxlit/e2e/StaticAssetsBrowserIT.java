package io.fluxlit.e2e;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium loads the example app through the gateway twice, each time as a first visit
 * (a fresh profile): the page renders, its bundles arrive brotli-compressed, and the second
 * browser's bundles all come from the gateway's cache, Streamlit not asked for one of them (the
 * cache's misses, each of which went to Streamlit, do not move).
 */
@ExtendWith(VertxExtension.class)
class StaticAssetsBrowserIT {

  @TempDir
  Path tmp;

  @Test
  void aFirstVisitGetsCompressedBundlesAndTheNextOneGetsThemFromTheCache(Vertx vertx) throws Exception {
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()), "Streamlit in .venv");
    try (Gateway gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_APP", TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString())
      .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true"))) {
      Http http = new Http(vertx, gateway.port());
      Map<String, Map<String, String>> first = load(gateway.url(), "first");
      long fromStreamlit = series(http, "fluxlit_gateway_asset_cache_misses_total");
      assertThat(fromStreamlit).as("bundles the first browser made the gateway fetch").isGreaterThan(10);
      Map<String, String> main = first.entrySet().stream()
        .filter(e -> e.getKey().matches(".*/static/js/index\\.[^/]+\\.js")).findFirst()
        .orElseThrow(() -> new AssertionError("no main bundle among " + first.keySet())).getValue();
      assertThat(main.get("content-encoding")).as("the main bundle's coding").isEqualTo("br");
      assertThat(main.get("vary")).containsIgnoringCase("Accept-Encoding");

      long hitsBefore = series(http, "fluxlit_gateway_asset_cache_hits_total");
      Map<String, Map<String, String>> second = load(gateway.url(), "second");
      long compressed = second.entrySet().stream()
        .filter(e -> e.getKey().contains("/static/js/") && "br".equals(e.getValue().get("content-encoding"))).count();
      assertThat(compressed).as("brotli bundles in the second load").isGreaterThan(10);
      // Streamlit loads some chunks lazily: whether one is asked for before the page is drawn
      // depends on timing, so only those the first browser never asked for may reach Streamlit.
      Set<String> onlySecond = new TreeSet<>(bundles(second));
      onlySecond.removeAll(bundles(first));
      assertThat(series(http, "fluxlit_gateway_asset_cache_misses_total") - fromStreamlit)
        .as("bundles Streamlit served for the second browser (it alone asked for %s)", onlySecond)
        .isLessThanOrEqualTo(onlySecond.size());
      assertThat(series(http, "fluxlit_gateway_asset_cache_hits_total") - hitsBefore).isGreaterThanOrEqualTo(compressed);
    }
  }

  private static Set<String> bundles(Map<String, Map<String, String>> load) {
    return load.keySet().stream().filter(url -> url.contains("/static/")).collect(Collectors.toSet());
  }

  private static long series(Http http, String name) {
    Matcher m = Pattern.compile("^" + name + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
      .matcher(http.get("/__fluxlit/metrics").text());
    assertThat(m.find()).as("%s in the scrape", name).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private Map<String, Map<String, String>> load(String base, String name) throws Exception {
    WebDriver driver = HeadlessChromium.start(tmp.resolve(name), "static-assets-" + name + "-chromedriver.log");
    try {
      driver.get(base + "/");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      wait.ignoring(StaleElementReferenceException.class);
      wait.until(d -> d.findElements(By.tagName("h1")).stream()
        .anyMatch(h1 -> h1.getText().contains("Hello from FluxLit")));
      wait.until(d -> d.findElement(By.tagName("body")).getText().contains("Button clicks: 0"));
      return HeadlessChromium.responseHeaders(driver);
    } finally {
      driver.quit();
    }
  }
}
