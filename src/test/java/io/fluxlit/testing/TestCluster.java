package io.fluxlit.testing;

import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ResolvedSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A Hazelcast cluster of one test's own: a name nobody else uses and one free port per member,
 * every member listing exactly those ports. A member named without a port is asked on the 20
 * ports from {@code FLUXLIT_CLUSTER_PORT}; on a busy machine another program may listen on one of
 * them and hold the join (docs/scaling.md#joining), so tests name every port.
 */
public final class TestCluster {

  private final String name;
  private final List<Integer> ports = new ArrayList<>();

  /**
   * @param prefix the start of the cluster's name, so a log line says which test made it
   * @param members how many members the test starts, restarts included
   */
  public TestCluster(String prefix, int members) {
    this.name = prefix + "-" + UUID.randomUUID();
    while (ports.size() < members) {
      int port = TestEnvironment.freePort();
      if (!ports.contains(port)) {
        ports.add(port);
      }
    }
  }

  /**
   * @param member which member, from 0
   * @return the settings that make a JVM that member: {@code FLUXLIT_CLUSTER} on, the name, its
   *     port, and the member list
   */
  public Map<String, String> env(int member) {
    Map<String, String> env = new HashMap<>();
    env.put("FLUXLIT_CLUSTER", "1");
    env.put("FLUXLIT_CLUSTER_NAME", name);
    env.put("FLUXLIT_CLUSTER_PORT", Integer.toString(ports.get(member)));
    env.put("FLUXLIT_CLUSTER_MEMBERS", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    return env;
  }

  /**
   * @param member which member, from 0
   * @return {@link #env(int)} resolved, for {@code ClusteredVertx.create} in the test's JVM
   */
  public ClusterSettings settings(int member) {
    return ResolvedSettings.resolve(env(member), Map.of()).settings().cluster();
  }
}
