/**
 * The clustered event bus: joining a Hazelcast cluster when {@code FLUXLIT_CLUSTER} says so
 * ({@link io.fluxlit.cluster.ClusteredVertx}, {@link io.fluxlit.cluster.HazelcastConfig}). See
 * docs/scaling.md.
 */
package io.fluxlit.cluster;
