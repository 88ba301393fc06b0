package io.fluxlit.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The Hazelcast configuration for {@link ClusterSettings}: the bundled {@code conf/cluster.xml}
 * (class-path {@code cluster.xml}) with the member's name, port, interface and TCP/IP members
 * from the settings, or the operator's own file as written.
 */
public final class HazelcastConfig {

  /** Hazelcast's bound on the whole join (its default is 300 s). */
  static final String MAX_JOIN_SECONDS = "hazelcast.max.join.seconds";

  private HazelcastConfig() {
  }

  /**
   * Blocking: reads XML.
   *
   * @param cluster the cluster settings
   * @return the configuration to start the member with
   * @throws ConfigException when {@code FLUXLIT_CLUSTER_CONFIG} cannot be read
   */
  public static Config of(ClusterSettings cluster) {
    if (!cluster.configFile().isEmpty()) {
      return ownFile(cluster.configFile());
    }
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(ClusterSettings.PORT_COUNT);
    network.getInterfaces().clear().setEnabled(true).addInterface(cluster.host());
    var join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    // Hazelcast's own bound is 300 s: a member that cannot settle who is master (e.g. an address
    // it probes accepts connections but never answers as a member) would stall start-up that long.
    config.setProperty(MAX_JOIN_SECONDS, Integer.toString(cluster.joinTimeoutSeconds()));
    return config;
  }

  /**
   * @param cluster the cluster settings (without a file of the operator's own)
   * @return the member addresses a joining member asks, as an operator reads them: a member named
   *     without a port is asked on every port a member may take
   */
  public static String probedAddresses(ClusterSettings cluster) {
    return cluster.members().stream()
      .map(member -> hasPort(member) ? member
        : member + " ports " + cluster.port() + "-" + (cluster.port() + ClusterSettings.PORT_COUNT - 1))
      .collect(Collectors.joining(", "));
  }

  /** {@code 10.0.0.5:5701} and {@code [fd00::7]:5701} name a port; {@code 10.0.0.5}, {@code fd00::7} do not. */
  private static boolean hasPort(String member) {
    return member.startsWith("[") ? member.contains("]:") : member.indexOf(':') > 0 && member.indexOf(':') == member.lastIndexOf(':');
  }

  private static Config ownFile(String file) {
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new ConfigException(Setting.FLUXLIT_CLUSTER_CONFIG, file, "a readable Hazelcast XML file");
    }
    try {
      return Config.loadFromFile(path.toFile());
    } catch (Exception e) {
      throw new ConfigException(Setting.FLUXLIT_CLUSTER_CONFIG.envName() + "=" + file + " is not a valid Hazelcast XML file: "
        + e.getMessage());
    }
  }
}
