/**
 * FluxLit for Vert.x: one port in front of an API and a Streamlit app. The two names users type:
 * {@link io.fluxlit.Main}, the jar's entry point, which lists the commands of {@code cli}; and
 * {@link io.fluxlit.FluxLitVerticle}, the main verticle for the Vert.x launcher and embedding
 * applications. The package map is in docs/architecture.md.
 */
package io.fluxlit;
