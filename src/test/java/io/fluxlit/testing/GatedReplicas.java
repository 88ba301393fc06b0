package io.fluxlit.testing;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ResolvedSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;

import java.util.Map;
import java.util.UUID;

/**
 * Two gateway replicas with the sign-in gate on, each in a Vert.x of its own on one Hazelcast
 * cluster (docs/auth.md#sessions), against the shared Keycloak and one {@link FixtureUpstream}:
 * what a clustered session store must share. Both name the first replica's URL as their public
 * base URL, as replicas behind one load balancer would. Closing it ends both and the cluster.
 */
public final class GatedReplicas implements AutoCloseable {

  private final Vertx first;
  private final Vertx second;
  private Gateway a;
  private Gateway b;

  private GatedReplicas(Vertx first, Vertx second) {
    this.first = first;
    this.second = second;
  }

  /**
   * @param clusterName a prefix for the cluster's name (a random suffix keeps test runs apart)
   * @return the two replicas, started
   */
  public static GatedReplicas start(String clusterName) {
    KeycloakRealm keycloak = KeycloakRealm.shared();
    ClusterSettings cluster = ResolvedSettings.resolve(Map.of("FLUXLIT_CLUSTER", "1",
      "FLUXLIT_CLUSTER_NAME", clusterName + "-" + UUID.randomUUID(),
      "FLUXLIT_CLUSTER_PORT", Integer.toString(TestEnvironment.freePort())), Map.of()).settings().cluster();
    GatedReplicas replicas = new GatedReplicas(ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await(),
      ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await());
    try {
      FixtureUpstream upstream = new FixtureUpstream(replicas.first).start();
      int portA = TestEnvironment.freePort();
      replicas.a = Gateway.start(replicas.first, SignInGateFixture.settings(keycloak.issuer(), portA)
        .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
      replicas.b = Gateway.start(replicas.second, SignInGateFixture.settings(keycloak.issuer(), portA)
        .put("FLUXLIT_GATEWAY_PORT", Integer.toString(TestEnvironment.freePort()))
        .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
      return replicas;
    } catch (RuntimeException | Error e) {
      replicas.close();
      throw e;
    }
  }

  /** @return the first replica */
  public Gateway a() {
    return a;
  }

  /** @return the second replica */
  public Gateway b() {
    return b;
  }

  @Override
  public void close() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    second.close().await();
    first.close().await();
  }
}
