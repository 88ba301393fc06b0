package io.fluxlit.cluster;

import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Joining is bounded (docs/scaling.md#joining): a program that accepts connections on a port the
 * member asks, without answering as a member, holds Hazelcast's mastership claim. The join then
 * fails within {@code FLUXLIT_CLUSTER_JOIN_TIMEOUT_S} plus one claim, with a line naming what it
 * asked, instead of Hazelcast's 300 s; a member list that names its ports never asks that program.
 */
class ClusterJoinTest {

  private ServerSocket silent;
  private Vertx joined;

  @AfterEach
  void tearDown() throws IOException {
    if (joined != null) {
      joined.close().await();
    }
    if (silent != null) {
      silent.close();
    }
  }

  @Test
  void aProbedPortThatNeverAnswersFailsTheJoinWithinItsTimeout() throws Exception {
    int first = portBelowASilentListener();
    ClusterSettings cluster = settings(first, Map.of("FLUXLIT_CLUSTER_JOIN_TIMEOUT_S", "2"));

    Future<Vertx> join = ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO);
    // It ends after the first round past the timeout: about 2 + 13 s, and 13 to 24 s measured on a
    // busy 2-core machine. Without a bound it waits Hazelcast's 300 s, and this await times out.
    assertThatThrownBy(() -> join.await(60, TimeUnit.SECONDS))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageStartingWith("could not join cluster '" + cluster.name() + "' on 127.0.0.1: ")
      .hasMessageContaining("asked 127.0.0.1 ports " + first + "-" + (first + 19) + " for up to FLUXLIT_CLUSTER_JOIN_TIMEOUT_S=2 s")
      .hasMessageContaining("name the members' ports in FLUXLIT_CLUSTER_MEMBERS");
  }

  @Test
  void aMemberListWithPortsAsksOnlyThosePorts() throws Exception {
    int first = portBelowASilentListener();
    ClusterSettings cluster = settings(first, Map.of("FLUXLIT_CLUSTER_MEMBERS", "127.0.0.1:" + first,
      "FLUXLIT_CLUSTER_JOIN_TIMEOUT_S", "2"));

    joined = ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await(30, TimeUnit.SECONDS);
    assertThat(joined.isClustered()).isTrue();
  }

  /** A free port whose next one holds a listener that accepts connections and never answers. */
  private int portBelowASilentListener() throws IOException {
    while (true) {
      int port = TestEnvironment.freePort();
      try {
        silent = new ServerSocket(port + 1, 50, InetAddress.getLoopbackAddress());
        return port;
      } catch (IOException taken) {
        // port + 1 is someone else's: try another
      }
    }
  }

  private static ClusterSettings settings(int port, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("FLUXLIT_CLUSTER", "1");
    env.put("FLUXLIT_CLUSTER_NAME", "join-" + UUID.randomUUID());
    env.put("FLUXLIT_CLUSTER_PORT", Integer.toString(port));
    return ResolvedSettings.resolve(env, Map.of()).settings().cluster();
  }
}
