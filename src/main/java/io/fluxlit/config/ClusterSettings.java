package io.fluxlit.config;

import java.util.List;

/**
 * The clustered event bus settings ({@code FLUXLIT_CLUSTER*}).
 *
 * @param enabled whether this JVM joins the cluster
 * @param host the IP address the cluster member and the event bus bind to and announce
 * @param port the first cluster member port
 * @param busPort the event-bus server's port, 0 for a free one
 * @param members the members to join, {@code ip} or {@code ip:port}; never empty
 * @param name the cluster name
 * @param joinTimeoutSeconds how long a member may spend finding its cluster before start-up fails
 * @param configFile a Hazelcast XML file used as written, or the empty string for the bundled one
 */
public record ClusterSettings(boolean enabled, String host, int port, int busPort, List<String> members, String name,
                              int joinTimeoutSeconds, String configFile) {

  /** How many member ports from {@link #port()} on are tried, and taken when free. */
  public static final int PORT_COUNT = 20;

  // IP literals only: Hazelcast's interface matching takes addresses, not names, and checking a
  // name here would mean a DNS lookup at start.
  private static final String IPV4 = "\\d{1,3}(\\.\\d{1,3}){3}";
  private static final String IPV6 = "[0-9A-Fa-f]*:[0-9A-Fa-f:.]*";
  private static final String MEMBER = IPV4 + "(:\\d{1,5})?|\\[" + IPV6 + "](:\\d{1,5})?|" + IPV6;

  static boolean isIp(String value) {
    return value.matches(IPV4 + "|" + IPV6);
  }

  static boolean isMember(String value) {
    return value.matches(MEMBER);
  }

  static ClusterSettings from(SettingValues values) {
    String host = values.get(Setting.FLUXLIT_CLUSTER_HOST);
    List<String> members = values.get(Setting.FLUXLIT_CLUSTER_MEMBERS);
    return new ClusterSettings(values.get(Setting.FLUXLIT_CLUSTER), host, values.get(Setting.FLUXLIT_CLUSTER_PORT),
      values.get(Setting.FLUXLIT_CLUSTER_BUS_PORT), members.isEmpty() ? List.of(host) : members,
      values.get(Setting.FLUXLIT_CLUSTER_NAME), values.get(Setting.FLUXLIT_CLUSTER_JOIN_TIMEOUT_S),
      values.get(Setting.FLUXLIT_CLUSTER_CONFIG));
  }
}
