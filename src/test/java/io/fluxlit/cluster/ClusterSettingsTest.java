package io.fluxlit.cluster;

import com.hazelcast.config.Config;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FLUXLIT_CLUSTER* settings and the Hazelcast configuration made from them. */
class ClusterSettingsTest {

  @TempDir
  Path tmp;

  @Test
  void defaultsKeepTheClusterOnLoopback() {
    var cluster = Settings.defaults().cluster();
    assertThat(cluster.enabled()).isFalse();
    assertThat(cluster.host()).isEqualTo("127.0.0.1");
    assertThat(cluster.members()).containsExactly("127.0.0.1");

    Config config = HazelcastConfig.of(cluster);
    assertThat(config.getClusterName()).isEqualTo("fluxlit");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    // From conf/cluster.xml: a dead member is dropped within seconds, not Hazelcast's minute.
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    // Joining is bounded; the bundled file says the same as the setting, for the launcher's -cluster.
    assertThat(config.getProperty(HazelcastConfig.MAX_JOIN_SECONDS)).isEqualTo("20")
      .isEqualTo(Setting.FLUXLIT_CLUSTER_JOIN_TIMEOUT_S.defaultValue());
    assertThat(ConfigUtil.loadConfig().getProperty(HazelcastConfig.MAX_JOIN_SECONDS)).isEqualTo("20");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getConnectionTimeoutSeconds()).isEqualTo(3);
  }

  @Test
  void settingsOverrideTheBundledFile() {
    var cluster = settings(Map.of("FLUXLIT_CLUSTER", "yes", "FLUXLIT_CLUSTER_HOST", "10.0.0.5",
      "FLUXLIT_CLUSTER_PORT", "6000", "FLUXLIT_CLUSTER_NAME", "prod",
      "FLUXLIT_CLUSTER_MEMBERS", "10.0.0.5, 10.0.0.6:6001,[fd00::7]:6002", "FLUXLIT_CLUSTER_JOIN_TIMEOUT_S", "7")).cluster();
    Config config = HazelcastConfig.of(cluster);
    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.busPort()).isZero();
    assertThat(config.getClusterName()).isEqualTo("prod");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(6000);
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.5");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .containsExactly("10.0.0.5", "10.0.0.6:6001", "[fd00::7]:6002");
    assertThat(config.getProperty(HazelcastConfig.MAX_JOIN_SECONDS)).isEqualTo("7");
    assertThat(HazelcastConfig.probedAddresses(cluster)).isEqualTo("10.0.0.5 ports 6000-6019, 10.0.0.6:6001, [fd00::7]:6002");
  }

  @Test
  void anOwnFileIsUsedAsWritten() throws Exception {
    Path file = tmp.resolve("hz.xml");
    Files.writeString(file, """
      <hazelcast xmlns="http://www.hazelcast.com/schema/config"><cluster-name>mine</cluster-name></hazelcast>
      """);
    Config config = HazelcastConfig.of(settings(Map.of("FLUXLIT_CLUSTER_CONFIG", file.toString(),
      "FLUXLIT_CLUSTER_NAME", "ignored")).cluster());
    assertThat(config.getClusterName()).isEqualTo("mine");
  }

  @Test
  void unusableValuesNameTheSetting() {
    assertThatThrownBy(() -> settings(Map.of("FLUXLIT_CLUSTER_HOST", "gateway.local")))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("FLUXLIT_CLUSTER_HOST='gateway.local' is invalid");
    assertThatThrownBy(() -> settings(Map.of("FLUXLIT_CLUSTER_MEMBERS", "10.0.0.5,db.local")))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("FLUXLIT_CLUSTER_MEMBERS='10.0.0.5,db.local' is invalid");
    assertThatThrownBy(() -> settings(Map.of("FLUXLIT_CLUSTER_PORT", "65530")))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("FLUXLIT_CLUSTER_PORT='65530' is invalid");
    assertThatThrownBy(() -> settings(Map.of("FLUXLIT_CLUSTER_BUS_PORT", "-1")))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("FLUXLIT_CLUSTER_BUS_PORT='-1' is invalid");
    assertThatThrownBy(() -> settings(Map.of("FLUXLIT_CLUSTER", "maybe")))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("FLUXLIT_CLUSTER='maybe' is invalid");
    assertThatThrownBy(() -> HazelcastConfig.of(settings(Map.of("FLUXLIT_CLUSTER_CONFIG", tmp.resolve("no.xml").toString())).cluster()))
      .isInstanceOf(ConfigException.class).hasMessageContaining("FLUXLIT_CLUSTER_CONFIG=").hasMessageContaining("readable Hazelcast XML");
  }

  @Test
  void aBrokenOwnFileIsRefusedInOneLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("broken.xml"), "<hazelcast><network>");
    assertThatThrownBy(() -> HazelcastConfig.of(settings(Map.of("FLUXLIT_CLUSTER_CONFIG", file.toString())).cluster()))
      .isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_CLUSTER_CONFIG=" + file + " is not a valid Hazelcast XML file")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static Settings settings(Map<String, String> env) {
    return ResolvedSettings.resolve(env, Map.of()).settings();
  }
}
