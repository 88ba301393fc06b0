package io.fluxlit.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.fluxlit.bus.Addresses;
import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the process's Vert.x: a plain one, or one on the clustered event bus when
 * {@code FLUXLIT_CLUSTER} is on (or for the {@code extension} command).
 */
public final class ClusteredVertx {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.cluster");

  private ClusteredVertx() {
  }

  /**
   * Called from {@code main}, off any event loop: reading the Hazelcast XML blocks.
   *
   * @param cluster the cluster settings
   * @param options the Vert.x options; the event bus is bound to {@link ClusterSettings#host()}
   * @param transport Netty's transport (an available one)
   * @return Vert.x, once it has joined the cluster when clustered
   */
  public static Future<Vertx> create(ClusterSettings cluster, VertxOptions options, Transport transport) {
    if (!cluster.enabled()) {
      return Future.succeededFuture(Vertx.builder().with(options).withTransport(transport).build());
    }
    // Hazelcast logs through SLF4J (so JSON logs stay JSON) from its first line on, which is
    // written before the XML's logging property is read.
    System.setProperty("hazelcast.logging.type", "slf4j");
    options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.busPort());
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfig.of(cluster));
    return Vertx.builder().with(options).withTransport(transport).withClusterManager(manager).buildClustered()
      .onSuccess(vertx -> {
        var members = manager.getHazelcastInstance().getCluster();
        LOG.info("joined cluster '{}' as {} ({} member(s)); event bus on {}", manager.getConfig().getClusterName(),
          members.getLocalMember().getAddress(), members.getMembers().size(), cluster.host()
            + (cluster.busPort() == 0 ? "" : ":" + cluster.busPort()));
        members.addMembershipListener(new MembershipLog(vertx));
      })
      .recover(err -> Future.failedFuture(new IllegalStateException(joinFailure(cluster, err), err)));
  }

  private static String joinFailure(ClusterSettings cluster, Throwable err) {
    String failure = "could not join cluster '" + cluster.name() + "' on " + cluster.host() + ": " + err.getMessage();
    if (!cluster.configFile().isEmpty()) {
      return failure;
    }
    // Hazelcast only says "Node failed to start!": say what it was waiting for and what to change.
    return failure + " (asked " + HazelcastConfig.probedAddresses(cluster) + " for up to "
      + Setting.FLUXLIT_CLUSTER_JOIN_TIMEOUT_S.envName() + "=" + cluster.joinTimeoutSeconds()
      + " s; an address that accepts connections without answering as a member of this cluster holds the join:"
      + " name the members' ports in " + Setting.FLUXLIT_CLUSTER_MEMBERS.envName() + ")";
  }

  /**
   * @param vertx a clustered Vert.x made by {@link #create}
   * @return its cluster member's ID, as {@code Addresses.CLUSTER_MEMBER_LEFT} names a member that left
   */
  public static String memberId(Vertx vertx) {
    ClusterManager manager = VertxInternals.clusterManager(vertx);
    return ((HazelcastClusterManager) manager).getHazelcastInstance().getCluster().getLocalMember().getUuid().toString();
  }

  /** One line per member that joins or leaves: what an operator looks for after a 503. */
  private static final class MembershipLog implements MembershipListener {

    private final Vertx vertx;

    MembershipLog(Vertx vertx) {
      this.vertx = vertx;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      LOG.info("cluster member joined: {} ({} member(s))", event.getMember().getAddress(), event.getMembers().size());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      LOG.warn("cluster member left: {} ({} member(s)); its extension routes answer 503 until it is back",
        event.getMember().getAddress(), event.getMembers().size());
      vertx.eventBus().publish(Addresses.CLUSTER_MEMBER_LEFT, event.getMember().getUuid().toString(),
        new DeliveryOptions().setLocalOnly(true));
    }
  }
}
