package io.fluxlit.e2e;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headline of the sign-in gate (docs/auth.md): a real headless Chromium opens a page of
 * {@code examples/hello/app.py} behind the gate, with two Streamlit workers, is sent to
 * Keycloak's own login form, signs in as alice, lands on the page it asked for, and reads her
 * email on the Streamlit page ({@code st.user}, from the gateway's headers). Then the session
 * works on the pinned worker: a click over the WebSocket, an upload, and the app's call to the
 * API made as her.
 */
class SignInBrowserIT {

  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;
  private Vertx vertx;
  private WebDriver driver;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void aliceSignsInOnKeycloakAndTheStreamlitPageNamesHer() throws Exception {
    KeycloakRealm keycloak = KeycloakRealm.shared();
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    vertx = Vertx.vertx();
    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port;
    Gateway gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
      .put("FLUXLIT_STREAMLIT_APP", TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString())
      .put("FLUXLIT_STREAMLIT_WORKERS", "2")
      .put("FLUXLIT_EXTENSIONS", "io.fluxlit.api.GreeterExtension")
      .put("FLUXLIT_PUBLIC_BASE_URL", base)
      .put("FLUXLIT_AUTH_OIDC_ISSUER", keycloak.issuer())
      .put("FLUXLIT_AUTH_OIDC_CLIENT_ID", KeycloakRealm.CLIENT_ID)
      .put("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", KeycloakRealm.CLIENT_SECRET)
      .put("FLUXLIT_AUTH_ALLOWED_GROUPS", "analysts"));
    assertThat(new Http(vertx, gateway.port()).get("/api/readyz").status()).isEqualTo(200);

    driver = HeadlessChromium.start(tmp.resolve("chromium-profile"), "chromedriver-signin.log");
    WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
    wait.ignoring(StaleElementReferenceException.class);
    driver.get(base + "/?from=signin-test");

    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    assertThat(driver.getCurrentUrl()).startsWith(keycloak.issuer() + "/");
    driver.findElement(By.id("username")).sendKeys("alice");
    driver.findElement(By.id("password")).sendKeys("alice-password");
    driver.findElement(By.id("kc-login")).click();

    wait.until(d -> bodyText(d).contains("Signed in as alice@example.com (alice)"));
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/?from=signin-test");
    Cookie session = driver.manage().getCookieNamed("fluxlit_session");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    String worker = driver.manage().getCookieNamed("fluxlit_worker").getValue();

    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Count']"))).click();
    wait.until(d -> bodyText(d).contains("Button clicks: 1"));

    Path file = tmp.resolve("signed-in-upload.txt");
    Files.writeString(file, "uploaded behind the sign-in gate\n");
    long size = Files.size(file);
    wait.until(ExpectedConditions.presenceOfElementLocated(
      By.cssSelector("[data-testid='stFileUploader'] input[type='file']"))).sendKeys(file.toString());
    wait.until(d -> bodyText(d).contains("Uploaded " + file.getFileName() + ": " + size + " bytes"));

    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Greet via the API']"))).click();
    wait.until(d -> bodyText(d).contains("Hello, Streamlit"));
    assertThat(driver.manage().getCookieNamed("fluxlit_worker").getValue()).as("still pinned to its worker")
      .isEqualTo(worker);
  }

  private static String bodyText(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getText();
  }
}
