/**
 * FluxLit for Vert.x: one port in front of an API and a Streamlit app. {@link io.fluxlit.Main}
 * is the jar's entry point and lists the commands of {@link io.fluxlit.cli};
 * {@link io.fluxlit.FluxLitServer} starts the server for {@code run} and {@code dev};
 * {@link io.fluxlit.FluxLitVerticle} deploys the verticles of the sub-packages, and
 * {@link io.fluxlit.Addresses} lists every event-bus address.
 */
package io.fluxlit;
