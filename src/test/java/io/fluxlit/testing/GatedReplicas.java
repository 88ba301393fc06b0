package io.fluxlit.testing;

import io.fluxlit.cluster.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;

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
   * @param clusterName the start of the cluster's name ({@link TestCluster}: its own name and ports)
   * @return the two replicas, started
   */
  public static GatedReplicas start(String clusterName) {
    KeycloakRealm keycloak = KeycloakRealm.shared();
    TestCluster cluster = new TestCluster(clusterName, 2);
    GatedReplicas replicas = new GatedReplicas(
      ClusteredVertx.create(cluster.settings(0), new VertxOptions(), Transport.NIO).await(),
      ClusteredVertx.create(cluster.settings(1), new VertxOptions(), Transport.NIO).await());
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
