package io.fluxlit.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One gateway in front of one {@link FixtureUpstream} for a whole test class, as a JUnit 5
 * extension, for the many tests that only send requests and look at what the upstream received:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());
 * }</pre>
 *
 * Started on a Vert.x of its own before the class's first test, closed after its last; the
 * upstream's recorded requests are cleared before each test.
 */
public final class GatewayOverFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private final JsonObject settings;
  private Vertx vertx;
  private FixtureUpstream upstream;
  private Gateway gateway;
  private Http http;

  private GatewayOverFixture(JsonObject settings) {
    this.settings = settings;
  }

  /**
   * @param settings {@code FLUXLIT_*} settings besides {@code FLUXLIT_STREAMLIT_UPSTREAM}
   * @return the extension, to register in a static field
   */
  public static GatewayOverFixture with(JsonObject settings) {
    return new GatewayOverFixture(settings);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    upstream = new FixtureUpstream(vertx).start();
    gateway = Gateway.start(vertx, settings.copy().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
    http = new Http(vertx, gateway.port());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    upstream.clearRequests();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      gateway.close();
    } finally {
      vertx.close().await(); // the upstream with it
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public FixtureUpstream upstream() {
    return upstream;
  }

  public Gateway gateway() {
    return gateway;
  }

  /** @return a client of the gateway's public port */
  public Http http() {
    return http;
  }
}
