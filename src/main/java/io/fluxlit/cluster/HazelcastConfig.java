package io.fluxlit.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Hazelcast configuration for {@link ClusterSettings}: the bundled {@code conf/cluster.xml}
 * (class-path {@code cluster.xml}) with the member's name, port, interface and TCP/IP members
 * from the settings, or the operator's own file as written.
 */
public final class HazelcastConfig {

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
    return config;
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
