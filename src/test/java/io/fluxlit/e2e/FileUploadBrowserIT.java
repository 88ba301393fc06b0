package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code st.file_uploader} through the gateway with Streamlit's XSRF protection on (the default,
 * docs/configuration.md): real Chromium uploads a file to {@code examples/hello/app.py}, whose
 * page then shows the file's SHA-256, at the root and under {@code FLUXLIT_ROOT_PATH}. The upload
 * ({@code PUT …/_stcore/upload_file/…}) carries the token from Streamlit's XSRF cookie; a PUT
 * without it is refused by Streamlit, so the protection is really on.
 */
class FileUploadBrowserIT {

  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  @Test
  void uploadsAFileAtTheRoot() throws Exception {
    uploadThroughTheGateway("");
  }

  @Test
  void uploadsAFileUnderTheRootPath() throws Exception {
    uploadThroughTheGateway("/myapp");
  }

  private void uploadThroughTheGateway(String rootPath) throws Exception {
    TestEnvironment.fluxlitJar();
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      TestEnvironment.venvPython() + " with streamlit (python3 -m venv .venv && .venv/bin/pip install streamlit)");
    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port + rootPath;
    byte[] content = new byte[150_000];
    new Random(42).nextBytes(content);
    Path file = Files.write(tmp.resolve("upload-" + (rootPath.isEmpty() ? "root" : "sub") + ".bin"), content);
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

    try (JavaProcess gateway = TestEnvironment.startJar(Map.of(
        "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
        "FLUXLIT_ROOT_PATH", rootPath,
        "FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString()),
      "run", "examples/hello/app.py")) {
      WebDriver driver = null;
      try {
        Conditions.waitUntil(() -> {
          if (!gateway.process().isAlive()) {
            throw new AssertionError("the gateway exited before it was ready");
          }
          return gateway.output().contains("FluxLit is ready");
        }, Duration.ofSeconds(90), "the log line 'FluxLit is ready'");
        assertThat(gateway.output().lines().filter(line -> line.contains("starting Streamlit worker ")).findFirst())
          .as("the managed Streamlit's command line").hasValueSatisfying(line ->
            assertThat(line).contains("--server.enableCORS false").doesNotContain("enableXsrfProtection"));

        driver = HeadlessChromium.start(tmp.resolve("chromium-profile"), "chromedriver-upload.log");
        driver.get(base + "/");
        WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(d -> d.findElements(By.tagName("h1")).stream().anyMatch(h1 -> h1.getText().contains("Hello from FluxLit")));
        wait.until(ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("[data-testid='stFileUploader'] input[type='file']"))).sendKeys(file.toString());
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("sha256 " + digest));
        assertThat(driver.findElement(By.tagName("body")).getText())
          .contains("Uploaded " + file.getFileName() + ": " + content.length + " bytes");
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n" + gateway.tail(60), e);
      } finally {
        if (driver != null) {
          driver.quit();
        }
      }
      // Without Streamlit's XSRF cookie and header, the same kind of request is refused.
      HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(base + "/_stcore/upload_file/some-session/some-file"))
        .header("Content-Type", "multipart/form-data; boundary=x")
        .PUT(HttpRequest.BodyPublishers.ofString("--x--\r\n")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
      assertThat(gateway.stop(Duration.ofSeconds(30))).as(gateway.tail(30)).isTrue();
      assertThat(gateway.output()).doesNotContain(" ERROR ").doesNotContain("Unhandled exception");
    }
  }
}
