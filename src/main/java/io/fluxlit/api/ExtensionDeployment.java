package io.fluxlit.api;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Deploys users' extension verticles by class name from the class path, one after the other, in
 * the gateway's JVM ({@code FLUXLIT_EXTENSIONS}) or in an extension-only JVM ({@code extension}
 * command).
 */
public final class ExtensionDeployment {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  private ExtensionDeployment() {
  }

  /**
   * @param vertx where to deploy
   * @param classNames verticle class names
   * @return completes when all are deployed; fails with a {@link ConfigException} naming the first
   *     class that could not be
   */
  public static Future<Void> deployAll(Vertx vertx, List<String> classNames) {
    Future<String> chain = Future.succeededFuture();
    for (String className : classNames) {
      chain = chain.compose(id -> vertx.deployVerticle(className, new DeploymentOptions())
        .recover(err -> Future.failedFuture(new ConfigException(
          Setting.FLUXLIT_EXTENSIONS.envName() + ": extension " + className + " failed to deploy: " + err))))
        .onSuccess(id -> LOG.info("extension {} deployed", className));
    }
    return chain.mapEmpty();
  }
}
