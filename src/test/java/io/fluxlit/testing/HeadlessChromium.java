package io.fluxlit.testing;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    return new ChromeDriver(service, options);
  }
}
