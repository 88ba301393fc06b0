/**
 * The Vert.x internals FluxLit relies on, behind one class ({@link io.fluxlit.vertx.VertxInternals}),
 * so that a Vert.x upgrade that moves them touches one file. Depends on no other FluxLit package.
 */
package io.fluxlit.vertx;
