package io.fluxlit.testing;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;

/** A verticle a test deployed (an extension, say); closing it undeploys it. Use it in try-with-resources. */
public final class Deployed implements AutoCloseable {

  private final Vertx vertx;
  private final String id;

  private Deployed(Vertx vertx, String id) {
    this.vertx = vertx;
    this.id = id;
  }

  /**
   * @param vertx where to deploy
   * @param verticle the verticle
   * @return the deployment, once started
   */
  public static Deployed verticle(Vertx vertx, Deployable verticle) {
    return new Deployed(vertx, vertx.deployVerticle(verticle).await());
  }

  /** Undeploys now (a test that checks what happens after); closing afterwards does nothing. */
  @Override
  public void close() {
    if (vertx.deploymentIDs().contains(id)) {
      vertx.undeploy(id).await();
    }
  }
}
