package io.fluxlit.server;

import io.fluxlit.sidecar.Supervision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the orderly stop ({@link GracefulShutdown}) must reach of what start-up deployed: the
 * supervision of the managed Streamlit processes, ended first, and the gateway's deployment,
 * undeployed before everything else. Start-up fills it in as it goes, so a stop during start-up
 * finds what is there so far. Thread-safe.
 */
final class StopPlan {

  private final Supervision supervision = new Supervision();
  private final List<String> gateways = new CopyOnWriteArrayList<>();

  /** @return the supervision every sidecar of this process is handed */
  Supervision supervision() {
    return supervision;
  }

  /** @param deploymentId the deployment of the gateway's instances, once deployed */
  void gatewayDeployed(String deploymentId) {
    gateways.add(deploymentId);
  }

  /** @return the gateway deployments so far (none in a {@code worker} or {@code extension} JVM) */
  List<String> gateways() {
    return List.copyOf(gateways);
  }
}
