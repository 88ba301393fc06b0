package io.fluxlit.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setup of every sign-in test, once (docs/auth.md#the-sign-in-gate): a Vert.x, the
 * {@link FixtureUpstream} standing for Streamlit (it echoes the headers it was sent), the shared
 * Keycloak ({@link KeycloakRealm#shared()}, which fails without {@code KEYCLOAK_TEST_URL}), and
 * gateways with the gate on in front of the whole app ({@code /open/*} public). Register it with
 * {@code @RegisterExtension static final SignInGateFixture gate = new SignInGateFixture();}:
 * everything it started ends after the class's last test.
 */
public final class SignInGateFixture implements BeforeAllCallback, AfterAllCallback {

  /** The cookie secret of the fixture's gateways. */
  public static final String COOKIE_SECRET = "a test cookie secret of some length";

  private final List<Gateway> started = new ArrayList<>();
  private final JsonObject classSettings;
  private Vertx vertx;
  private FixtureUpstream upstream;
  private KeycloakRealm keycloak;
  private Gateway shared;

  /** A fixture whose gateways have the gate's settings only. */
  public SignInGateFixture() {
    this(new JsonObject());
  }

  /**
   * @param classSettings settings every gateway of the class has over the gate's (e.g. the
   *     access log on); a test's own come on top of them
   */
  public SignInGateFixture(JsonObject classSettings) {
    this.classSettings = classSettings.copy();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    keycloak = KeycloakRealm.shared();
    vertx = Vertx.vertx();
    upstream = new FixtureUpstream(vertx).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    started.forEach(Gateway::close);
    started.clear();
    shared = null;
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /**
   * @param issuer the provider
   * @param port the gateway's port
   * @return the settings of a gate in front of the whole app, {@code /open/*} public
   */
  public static JsonObject settings(String issuer, int port) {
    return new JsonObject()
      .put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
      .put("FLUXLIT_PUBLIC_BASE_URL", "http://127.0.0.1:" + port)
      .put("FLUXLIT_AUTH_OIDC_ISSUER", issuer)
      .put("FLUXLIT_AUTH_OIDC_CLIENT_ID", KeycloakRealm.CLIENT_ID)
      .put("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", KeycloakRealm.CLIENT_SECRET)
      .put("FLUXLIT_AUTH_COOKIE_SECRET", COOKIE_SECRET)
      .put("FLUXLIT_AUTH_PUBLIC_PATHS", "/open/*");
  }

  /** @return the gateway every test of the class shares, started on first use against the shared realm */
  public Gateway gateway() {
    if (shared == null) {
      shared = start(new JsonObject());
    }
    return shared;
  }

  /**
   * @param more settings over the fixture's (e.g. a session lifetime)
   * @return a new gateway against the shared realm, ended with the class or by closing it
   */
  public Gateway start(JsonObject more) {
    return start(keycloak.issuer(), more);
  }

  /**
   * @param issuer the provider (another realm, or one that is down)
   * @param more settings over the fixture's
   * @return a new gateway, ended with the class or by closing it
   */
  public Gateway start(String issuer, JsonObject more) {
    Gateway gateway = Gateway.start(vertx, settings(issuer, TestEnvironment.freePort())
      .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()).mergeIn(classSettings).mergeIn(more));
    started.add(gateway);
    return gateway;
  }

  /**
   * Signs a realm user in through the gate, as a browser opening {@code /page}.
   *
   * @param gateway the gateway
   * @param user a user of the realm ({@code alice} or {@code bob}, whose password is the name
   *     followed by {@code -password})
   * @return the browser, holding the session's cookie
   */
  public ScriptedBrowser signedIn(Gateway gateway, String user) {
    ScriptedBrowser browser = new ScriptedBrowser();
    assertThat(browser.signIn(gateway.url() + "/page", user, user + "-password").statusCode())
      .as("the sign-in of " + user + " ends in a redirect back to the app").isEqualTo(302);
    return browser;
  }

  /** @return the fixture's Vert.x */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the stand-in for Streamlit */
  public FixtureUpstream upstream() {
    return upstream;
  }

  /** @return the shared Keycloak */
  public KeycloakRealm keycloak() {
    return keycloak;
  }
}
