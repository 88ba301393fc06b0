package io.fluxlit.testing;

import io.fluxlit.FluxLitVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;


/**
 * Deploys the real FluxLit verticles in a test's Vert.x on a free loopback port, configured the
 * way the launcher's {@code -conf} would configure them (keys are {@code FLUXLIT_*} names). Use it
 * in try-with-resources: closing it undeploys everything it started.
 */
public final class Gateway implements AutoCloseable {

  private final Vertx vertx;
  private final int port;
  private final String deploymentId;

  private Gateway(Vertx vertx, int port, String deploymentId) {
    this.vertx = vertx;
    this.port = port;
    this.deploymentId = deploymentId;
  }

  /**
   * @param vertx the test's Vert.x
   * @param settings {@code FLUXLIT_*} name to value
   * @return the started gateway
   */
  public static Gateway start(Vertx vertx, JsonObject settings) {
    int port = TestEnvironment.freePort();
    JsonObject config = new JsonObject()
      .put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
      .put("FLUXLIT_GATEWAY_INSTANCES", "2")
      .mergeIn(settings);
    String id = vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(config)).await();
    return new Gateway(vertx, Integer.parseInt(config.getString("FLUXLIT_GATEWAY_PORT")), id);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Undeploys the gateway and everything it deployed; once stopped, does nothing. */
  public void stop() {
    if (vertx.deploymentIDs().contains(deploymentId)) {
      vertx.undeploy(deploymentId).await();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
