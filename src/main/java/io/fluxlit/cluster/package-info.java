/**
 * The clustered event bus: joining a Hazelcast cluster when {@code FLUXLIT_CLUSTER} says so
 * ({@link io.fluxlit.cluster.ClusteredVertx}, {@link io.fluxlit.cluster.HazelcastConfig}), and
 * the {@code extension} command that runs only extension verticles in a JVM of its own
 * ({@link io.fluxlit.cluster.ExtensionCommand}). See docs/scaling.md.
 */
package io.fluxlit.cluster;
