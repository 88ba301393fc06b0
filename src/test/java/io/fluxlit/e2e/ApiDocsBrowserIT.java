package io.fluxlit.e2e;

import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar with an extension from the class path (FLUXLIT_EXTENSIONS, as users run it):
 * headless Chromium follows /docs to Swagger UI, which renders the extension's route from
 * /api/openapi.json, offline.
 */
class ApiDocsBrowserIT {

  @TempDir
  Path tmp;

  @Test
  void swaggerUiRendersTheRegisteredRoutes() throws Exception {
    HeadlessChromium.require();
    int port = TestEnvironment.freePort();
    Path testClasses = TestEnvironment.projectDir().resolve("target/test-classes");
    try (TestEnvironment.JavaProcess gateway = TestEnvironment.startJava(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_EXTENSIONS", "io.fluxlit.api.GreeterExtension"),
      "-cp", TestEnvironment.fluxlitJar() + ":" + testClasses, "io.fluxlit.Main", "run")) {
      Vertx vertx = Vertx.vertx();
      try {
        TestEnvironment.awaitReady(gateway, new Http(vertx, port));
      } finally {
        vertx.close().await();
      }
      WebDriver driver = HeadlessChromium.start(tmp.resolve("profile"), "chromedriver-docs.log");
      try {
        driver.get("http://127.0.0.1:" + port + "/docs");
        new WebDriverWait(driver, Duration.ofSeconds(30))
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("swagger-ui"), "/greet/{name}"));
        assertThat(driver.getCurrentUrl()).endsWith("/api/docs");
        assertThat(driver.findElement(By.id("swagger-ui")).getText()).contains("GET").contains("/greet/{name}");
        Files.write(TestEnvironment.projectDir().resolve("target/api-docs.png"),
          ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      } finally {
        driver.quit();
      }
    }
  }
}
