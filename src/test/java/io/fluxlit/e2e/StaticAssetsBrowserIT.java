package io.fluxlit.e2e;

import io.fluxlit.config.Settings;
import io.fluxlit.gateway.http.assets.AssetCache;
import io.fluxlit.testing.CountingUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.StreamlitServer;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium loads the example app through the gateway twice, each time as a first visit
 * (a fresh profile): the page renders, its bundles arrive brotli-compressed, and the second
 * browser's bundles all come from the gateway's cache, Streamlit not asked for one of them.
 */
@ExtendWith(VertxExtension.class)
class StaticAssetsBrowserIT {

  @TempDir
  Path tmp;

  @Test
  void aFirstVisitGetsCompressedBundlesAndTheNextOneGetsThemFromTheCache(Vertx vertx) throws Exception {
    HeadlessChromium.require();
    try (StreamlitServer streamlit = StreamlitServer.start();
         CountingUpstream upstream = CountingUpstream.sameBuild(vertx, streamlit);
         Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      Map<String, Map<String, String>> first = load(gateway.url(), "first");
      int fromStreamlit = upstream.staticRequests();
      assertThat(fromStreamlit).as("bundles the first browser made the gateway fetch").isGreaterThan(10);
      Map<String, String> main = first.entrySet().stream()
        .filter(e -> e.getKey().matches(".*/static/js/index\\.[^/]+\\.js")).findFirst()
        .orElseThrow(() -> new AssertionError("no main bundle among " + first.keySet())).getValue();
      assertThat(main.get("content-encoding")).as("the main bundle's coding").isEqualTo("br");
      assertThat(main.get("vary")).containsIgnoringCase("Accept-Encoding");

      Map<String, Map<String, String>> second = load(gateway.url(), "second");
      long compressed = second.entrySet().stream()
        .filter(e -> e.getKey().contains("/static/js/") && "br".equals(e.getValue().get("content-encoding"))).count();
      assertThat(compressed).as("brotli bundles in the second load").isGreaterThan(10);
      assertThat(upstream.staticRequests()).as("bundles Streamlit served for the second browser").isEqualTo(fromStreamlit);
      AssetCache cache = AssetCache.shared(vertx, Settings.defaults().assets());
      assertThat(cache.hits()).isGreaterThanOrEqualTo(compressed);
    }
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
