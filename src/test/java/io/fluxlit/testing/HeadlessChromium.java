package io.fluxlit.testing;

import io.vertx.core.json.JsonObject;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven by its chromedriver (browser downloads by test tools fail
 * on these machines). The flags keep it off the network: without them Chromium keeps trying
 * hosts this machine cannot reach.
 */
public final class HeadlessChromium {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {
  }

  /** Fails under CI=true, skips elsewhere, when Chromium or its driver is missing. */
  public static void require() {
    TestEnvironment.requireOrSkip(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
      "Debian chromium and chromium-driver (scripts/test.sh installs them)");
  }

  /**
   * @param profileDir an empty directory for the browser profile
   * @param logName the chromedriver log file name under target/
   * @return a started driver; quit it when done
   */
  public static WebDriver start(Path profileDir, String logName) throws IOException {
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(CHROMEDRIVER.toFile())
      .usingAnyFreePort()
      .withLogFile(TestEnvironment.projectDir().resolve("target").resolve(logName).toFile())
      .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--window-size=1280,1000",
      "--user-data-dir=" + Files.createDirectories(profileDir));
    // Chrome's DevTools network events as "performance" log entries: what the browser itself
    // saw of its WebSocket handshakes (see webSocketHandshakeHeaders).
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    return new ChromeDriver(service, options);
  }

  /**
   * The response headers of every WebSocket handshake the browser completed since the last call
   * (the performance log is read once), header names in lower case.
   *
   * @param driver a driver from {@link #start}
   * @return one map per handshake, oldest first
   */
  public static List<Map<String, String>> webSocketHandshakeHeaders(WebDriver driver) {
    List<Map<String, String>> handshakes = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message", new JsonObject());
      if ("Network.webSocketHandshakeResponseReceived".equals(message.getString("method"))) {
        JsonObject headers = message.getJsonObject("params").getJsonObject("response").getJsonObject("headers", new JsonObject());
        Map<String, String> lower = new HashMap<>();
        headers.forEach(h -> lower.put(h.getKey().toLowerCase(Locale.ROOT), String.valueOf(h.getValue())));
        handshakes.add(lower);
      }
    }
    return handshakes;
  }

  /**
   * The HTTP responses the browser received since the last read of the performance log (it is
   * read once): URL to response headers, names in lower case; a URL fetched twice keeps the last.
   *
   * @param driver a driver from {@link #start}
   * @return the responses, by URL
   */
  public static Map<String, Map<String, String>> responseHeaders(WebDriver driver) {
    Map<String, Map<String, String>> responses = new HashMap<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message", new JsonObject());
      if ("Network.responseReceived".equals(message.getString("method"))) {
        JsonObject response = message.getJsonObject("params").getJsonObject("response");
        Map<String, String> lower = new HashMap<>();
        response.getJsonObject("headers", new JsonObject())
          .forEach(h -> lower.put(h.getKey().toLowerCase(Locale.ROOT), String.valueOf(h.getValue())));
        responses.put(response.getString("url"), lower);
      }
    }
    return responses;
  }
}
