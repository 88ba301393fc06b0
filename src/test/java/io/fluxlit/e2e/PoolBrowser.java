package io.fluxlit.e2e;

import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestEnvironment;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One headless Chromium with its own profile (so its own cookies) on the pool test app
 * ({@code src/test/apps/pool_app.py}): which worker process rendered the page, an upload and the
 * digest the app shows, and whether the app's image loaded from {@code /media/}.
 */
final class PoolBrowser implements AutoCloseable {

  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern PID = Pattern.compile("worker pid: (\\d+)");

  private final String name;
  private final WebDriver driver;
  private final WebDriverWait wait;
  private final Path files;

  private PoolBrowser(String name, WebDriver driver, Path files) {
    this.name = name;
    this.driver = driver;
    this.files = files;
    this.wait = new WebDriverWait(driver, PAGE_TIMEOUT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  static PoolBrowser start(String name, Path tmp) throws IOException {
    return new PoolBrowser(name, HeadlessChromium.start(tmp.resolve(name + "-profile"), "chromedriver-" + name + ".log"),
      Files.createDirectories(tmp.resolve(name + "-files")));
  }

  /** Opens (or reloads) the page and waits until the app has run: its worker's pid is shown. */
  long open(String url) {
    driver.get(url);
    return pid();
  }

  /** @return the pid of the worker that ran this session's script */
  long pid() {
    String text = wait.until(d -> {
      Matcher m = PID.matcher(body());
      return m.find() ? m.group(1) : null;
    });
    return Long.parseLong(text);
  }

  /** Uploads a file of its own and waits for the app's digest of it. */
  void uploadAndSeeDigest(String content) throws IOException {
    Path file = files.resolve(name + "-" + Math.abs(content.hashCode()) + ".txt");
    Files.writeString(file, content);
    String expected;
    try {
      expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    wait.until(d -> !d.findElements(By.cssSelector("[data-testid='stFileUploader'] input[type='file']")).isEmpty());
    driver.findElement(By.cssSelector("[data-testid='stFileUploader'] input[type='file']")).sendKeys(file.toString());
    wait.withMessage(() -> name + ": the digest of the upload, sha256: " + expected + "; page: " + body())
      .until(d -> body().contains("sha256: " + expected));
  }

  /** Waits until the app's image has loaded from /media/ (decoded, not a broken image). */
  void seeMediaImage() {
    wait.withMessage(() -> name + ": an <img> from /media/ that loaded")
      .until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
        "return [...document.images].some(i => i.src.includes('/media/') && i.complete && i.naturalWidth > 0)"));
  }

  /** @return the affinity cookie's value, or {@code null} */
  String affinityCookie() {
    Cookie cookie = driver.manage().getCookieNamed("fluxlit_worker");
    return cookie == null ? null : cookie.getValue();
  }

  /** @return the affinity cookie, or {@code null} */
  Cookie affinityCookieWithAttributes() {
    return driver.manage().getCookieNamed("fluxlit_worker");
  }

  String body() {
    try {
      return driver.findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "";
    }
  }

  WebDriver driver() {
    return driver;
  }

  /** target/pool-&lt;name&gt;.png: what the browser showed (for a failure, or the record). */
  void screenshot() {
    try {
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), TestEnvironment.projectDir().resolve("target/pool-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      System.err.println("PoolBrowser: no screenshot: " + e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
