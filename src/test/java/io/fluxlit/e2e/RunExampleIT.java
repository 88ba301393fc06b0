package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's first command, as a newcomer runs it: {@code bash scripts/run-example.sh} in a clean
 * {@code git clone} of this repository (its committed HEAD), on a free port given as an extra
 * argument. It must build the gateway and the example extension, log the banner, and serve a
 * page whose "Greet via the API" button works: the greeting and this session's request ID on the
 * page, the same ID in the extension's log line. A second run reuses the example's jar.
 *
 * <p>The clone gets a link to this checkout's {@code .venv} (not in git) so that Streamlit is
 * not installed again; everything else is built in the clone.
 */
class RunExampleIT {

  private static final Duration FIRST_START = Duration.ofMinutes(8);
  private static final Duration AGAIN_START = Duration.ofMinutes(3);
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern SESSION_ID = Pattern.compile("This session's request ID: ([0-9A-Za-z_:-]{8,})");
  private static final String EXAMPLE_JAR = "examples/extension-verticle/target/extension-verticle.jar";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theFirstCommandServesAPageWhoseApiButtonWorks() throws Exception {
    HeadlessChromium.require();
    Path clone = tmp.resolve("clone");
    run(List.of("git", "clone", "--quiet", TestEnvironment.projectDir().toString(), clone.toString()), tmp);
    Files.createSymbolicLink(clone.resolve(".venv"), TestEnvironment.projectDir().resolve(".venv"));

    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port;
    Path log = tmp.resolve("run-example-1.log");
    Process example = start(clone, port, log);
    try {
      String banner = awaitBanner(example, log, FIRST_START);
      assertThat(banner).contains(
        "FluxLit is ready: open " + base + "/",
        "  API docs:        " + base + "/api/docs",
        "  readiness:       " + base + "/api/readyz");
      System.out.println("The banner:\n" + banner);

      HttpResponse<String> page = get(base + "/", "run-example-page");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>Streamlit</title>");
      HttpResponse<String> greeting = get(base + "/api/greet/Ada", "run-example-ada");
      assertThat(greeting.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(greeting.body()))
        .isEqualTo(new JsonObject().put("greeting", "Hello, Ada").put("request_id", "run-example-ada"));

      String pageText = clickGreet(base);
      System.out.println("The page after clicking \"Greet via the API\":\n" + pageText);
      Matcher session = SESSION_ID.matcher(pageText);
      assertThat(session.find()).as("the page shows its session's request ID:\n" + pageText).isTrue();
      String sessionId = session.group(1);
      assertThat(pageText).contains("Hello, Streamlit", "request_id: " + sessionId);
      Conditions.waitUntil(() -> read(log).contains("examples.greeting request_id=" + sessionId + " greeting Streamlit"),
        Duration.ofSeconds(10), "the extension's log line with the session's request ID " + sessionId + "\n" + tail(log));
      read(log).lines().filter(line -> line.contains(sessionId)).forEach(System.out::println);
    } finally {
      stop(example);
    }
    assertCleanLog(log);

    // Again: the example's jar is reused, not rebuilt.
    FileTime built = Files.getLastModifiedTime(clone.resolve(EXAMPLE_JAR));
    Path again = tmp.resolve("run-example-2.log");
    Process second = start(clone, port, again);
    try {
      awaitBanner(second, again, AGAIN_START);
      assertThat(read(again)).contains(EXAMPLE_JAR + " is up to date");
      // The script exec'd java: its class-data-sharing archive is mapped despite the longer class path.
      assertThat(Files.readString(Path.of("/proc", Long.toString(second.pid()), "maps")))
        .as("the gateway JVM maps target/fluxlit.jsa").contains("/target/fluxlit.jsa");
      assertThat(Files.getLastModifiedTime(clone.resolve(EXAMPLE_JAR))).isEqualTo(built);
      assertThat(get(base + "/api/greet/Ada", "run-example-again").statusCode()).isEqualTo(200);
    } finally {
      stop(second);
      Files.delete(clone.resolve(".venv")); // the link, not this checkout's .venv
    }
    assertCleanLog(again);
  }

  /** Nothing in this test provokes an error: no ERROR line, no unhandled exception. */
  private static void assertCleanLog(Path log) {
    assertThat(read(log)).as(log.toString()).doesNotContain("Unhandled exception")
      .doesNotContainPattern("(?m)^\\S+ ERROR ");
  }

  /** Opens the page in headless Chromium, clicks the button, and answers the page's text. */
  private String clickGreet(String base) throws IOException {
    WebDriver driver = HeadlessChromium.start(tmp.resolve("chromium-profile"), "chromedriver-run-example.log");
    try {
      driver.get(base + "/");
      WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
      wait.ignoring(StaleElementReferenceException.class);
      wait.until(d -> bodyText(d).contains("Hello from FluxLit") && SESSION_ID.matcher(bodyText(d)).find());
      assertThat(driver.findElement(By.linkText("docs (Swagger UI)")).getAttribute("href"))
        .as("the page's link to the API docs").isEqualTo(base + "/api/docs");
      wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Greet via the API']"))).click();
      wait.until(d -> bodyText(d).contains("request_id: ") || bodyText(d).contains("The API did not answer"));
      return bodyText(driver);
    } finally {
      driver.quit();
    }
  }

  private static String bodyText(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** {@code bash scripts/run-example.sh --port PORT} in the clone, with no FLUXLIT_* from the test's environment. */
  private static Process start(Path clone, int port, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("bash", "scripts/run-example.sh", "--port", Integer.toString(port))
      .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("FLUXLIT_"));
    Process process = builder.start();
    process.getOutputStream().close(); // no stdin, like CI
    return process;
  }

  /** Waits for the banner's last line, readiness; answers the banner's lines. */
  private static String awaitBanner(Process process, Path log, Duration timeout) {
    Conditions.waitUntil(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("scripts/run-example.sh exited with " + process.exitValue() + "\n" + tail(log));
      }
      return read(log).contains("  readiness:  ");
    }, timeout, "the banner of scripts/run-example.sh\n" + log);
    List<String> lines = read(log).lines().toList();
    int first = 0;
    while (!lines.get(first).contains("FluxLit is ready: open ")) {
      first++;
    }
    return String.join("\n", lines.subList(first, first + 3).stream()
      .map(line -> line.substring(line.indexOf(" request_id=-") + " request_id=- ".length())).toList());
  }

  /** SIGTERM (the script exec'd java), as Ctrl+C would; the gateway stops its Streamlit child too. */
  private static void stop(Process process) throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Conditions.waitUntil(() -> children.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(15),
      "the gateway's Streamlit child to be gone");
  }

  private HttpResponse<String> get(String url, String requestId) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
      .header("X-Request-ID", requestId).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(Path log) {
    List<String> lines = read(log).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
