package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through a real browser: the packaged jar runs {@code examples/hello/app.py} as its
 * managed Streamlit child, with an extension verticle from the class path, and headless Chromium
 * opens the gateway's port. The page only renders its widgets, and only reacts to a click, when
 * the HTTP proxy and the WebSocket relay both work.
 *
 * <p>Then one request ID joins the whole chain: the gateway gives the browser's WebSocket
 * handshake an ID (Chromium's own network log shows it on the 101), Streamlit sees it in
 * {@code st.context.headers} and passes it on when the app calls the API, and the extension's log
 * line, the gateway's access lines and the page all show the same ID.
 */
class BrowserIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final String READY_LINE = "FluxLit is ready";

  @TempDir
  Path tmp;

  @Test
  void helloAppRendersAndReactsThroughTheGateway() throws IOException {
    Path jar = TestEnvironment.fluxlitJar();
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(venvHasStreamlit(),
      TestEnvironment.venvPython() + " able to import streamlit (python3 -m venv .venv && .venv/bin/pip install streamlit)");

    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port;
    List<ProcessHandle> children = new ArrayList<>();
    WebDriver driver = null;
    String browserSession = null;
    try (JavaProcess gateway = TestEnvironment.startJava(Map.of(
        "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
        "FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString(),
        "FLUXLIT_EXTENSIONS", "io.fluxlit.api.GreeterExtension",
        "FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "true"),
      "-cp", jar + ":" + TestEnvironment.projectDir().resolve("target/test-classes"),
      "io.fluxlit.Main", "run", "examples/hello/app.py")) {
      try {
        Conditions.waitUntil(() -> {
          if (!gateway.process().isAlive()) {
            throw new AssertionError("the gateway exited before it was ready");
          }
          return gateway.output().contains(READY_LINE);
        }, START_TIMEOUT, "the log line '" + READY_LINE + "'");
        children.addAll(gateway.process().descendants().toList());
        assertThat(children).as("the gateway's children: the managed Streamlit process")
          .anyMatch(child -> child.info().commandLine().map(line -> line.contains("streamlit")).orElse(true));
        waitForReadyz(base);

        driver = startChromium();
        driver.get(base + "/");
        WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);

        wait.until(d -> d.findElements(By.tagName("h1")).stream()
          .anyMatch(h1 -> h1.getText().contains("Hello from FluxLit")));
        // Streamlit < 1.50 renders the thumb as role="slider"; newer ones as an <input type="range">.
        WebElement slider = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
          "[data-testid='stSlider'] [role='slider'], [data-testid='stSlider'] input[type='range']")));
        String value = slider.getAttribute("aria-valuenow") != null
          ? slider.getAttribute("aria-valuenow") : slider.getDomProperty("value");
        assertThat(value).as("the slider's initial value").isEqualTo("42");
        wait.until(d -> bodyText(d).contains("Button clicks: 0"));

        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Count']"))).click();
        wait.until(d -> bodyText(d).contains("Button clicks: 1"));

        List<String> sessionIds = HeadlessChromium.webSocketHandshakeHeaders(driver).stream()
          .map(headers -> headers.get("x-request-id")).toList();
        assertThat(sessionIds).as("the request IDs on the 101 answers Chromium saw").isNotEmpty().doesNotContainNull();
        String sessionId = sessionIds.get(sessionIds.size() - 1);
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Greet via the API']"))).click();
        wait.until(d -> bodyText(d).contains("Hello, Streamlit") && bodyText(d).contains("request_id: "));
        assertThat(bodyText(driver)).as("the API's answer, shown by the app").contains("request_id: " + sessionId);
        Conditions.waitUntil(() -> gateway.output().contains("tests.greeter request_id=" + sessionId + " greeting Streamlit"),
          Duration.ofSeconds(10), "the extension's log line with the browser session's request ID " + sessionId);
        assertThat(gateway.output()).as("the gateway's access line for Streamlit's API call")
          .contains("gateway GET /api/greet/Streamlit request_id=" + sessionId + " status=200");
        savePage(driver);
        browserSession = sessionId;
      } catch (AssertionError | RuntimeException e) {
        if (driver != null) {
          savePage(driver);
        }
        throw new AssertionError(e.getMessage() + "\n" + gateway.tail(60), e);
      } finally {
        if (driver != null) {
          driver.quit();
        }
      }
      // The browser is gone, so is its WebSocket: the session's access line is written at the close.
      String sessionId = browserSession;
      Conditions.waitUntil(() -> gateway.output().contains("/_stcore/stream request_id=" + sessionId + " status=101"),
        Duration.ofSeconds(15), "the access line of the browser's WebSocket session " + sessionId + "\n" + gateway.tail(30));
      // For the record (target/failsafe-reports/*-output.txt): one ID, every hop.
      gateway.output().lines().filter(line -> line.contains(sessionId)).forEach(System.out::println);

      boolean exitedOnSigterm = gateway.stop(STOP_GRACE);
      assertThat(exitedOnSigterm).as(() -> "the gateway exits within " + STOP_GRACE + " of SIGTERM\n" + gateway.tail(40))
        .isTrue();
      Conditions.waitUntil(() -> children.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(10),
        "the Streamlit child to be gone after the gateway stopped");
    } finally {
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  private WebDriver startChromium() throws IOException {
    return HeadlessChromium.start(tmp.resolve("chromium-profile"), "chromedriver.log");
  }

  private static String bodyText(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** target/browser-it.png and target/browser-it.html: what the browser showed. */
  private static void savePage(WebDriver driver) {
    try {
      Files.writeString(TestEnvironment.projectDir().resolve("target/browser-it.html"), driver.getPageSource());
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), TestEnvironment.projectDir().resolve("target/browser-it.png"),
        StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      System.err.println("BrowserIT: no screenshot: " + e);
    }
  }

  private static void waitForReadyz(String base) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/readyz")).timeout(Duration.ofSeconds(5)).build();
    Conditions.waitUntil(() -> {
      try {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }, Duration.ofSeconds(30), "GET /api/readyz to answer 200");
  }

  private static boolean venvHasStreamlit() {
    Path python = TestEnvironment.venvPython();
    if (!Files.isExecutable(python)) {
      return false;
    }
    try {
      Process check = new ProcessBuilder(python.toString(), "-c", "import streamlit")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!check.waitFor(120, TimeUnit.SECONDS)) {
        check.destroyForcibly();
        return false;
      }
      return check.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
