package io.fluxlit.e2e;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket compression in a real browser (docs/performance.md#websocket-compression): headless
 * Chromium offers permessage-deflate on Streamlit's WebSocket, as every browser does; the 101 it
 * gets accepts it only with {@code FLUXLIT_GATEWAY_WS_COMPRESSION=on}, and either way the page
 * renders and reacts to a click (messages flow both ways, inflated by the browser when deflated).
 */
@ExtendWith(VertxExtension.class)
class WebSocketCompressionBrowserIT {

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"off", "on"})
  void theBrowsersOfferIsAcceptedOnlyWhenOnAndThePageWorksEitherWay(String compression, Vertx vertx) throws Exception {
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    try (Gateway gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_APP", TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString())
      .put("FLUXLIT_GATEWAY_WS_COMPRESSION", compression))) {
      WebDriver driver = HeadlessChromium.start(tmp.resolve("chromium-profile"), "chromedriver-compression-" + compression + ".log");
      try {
        driver.get(gateway.url() + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(d -> d.findElements(By.tagName("h1")).stream()
          .anyMatch(h1 -> h1.getText().contains("Hello from FluxLit")));
        wait.until(d -> bodyText(d).contains("Button clicks: 0"));
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Count']"))).click();
        wait.until(d -> bodyText(d).contains("Button clicks: 1"));

        List<Map<String, String>> handshakes = HeadlessChromium.webSocketHandshakeHeaders(driver);
        assertThat(handshakes).as("the WebSocket handshakes Chromium completed").isNotEmpty();
        for (Map<String, String> headers : handshakes) {
          if (compression.equals("on")) {
            assertThat(headers.get("sec-websocket-extensions")).as("the 101's Sec-WebSocket-Extensions")
              .startsWith("permessage-deflate");
          } else {
            assertThat(headers).as("the 101's headers").doesNotContainKey("sec-websocket-extensions");
          }
        }
      } finally {
        driver.quit();
      }
    }
  }

  private static String bodyText(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getText();
  }
}
