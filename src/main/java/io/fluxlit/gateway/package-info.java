/**
 * The gateway verticle, the public port, first stop of every request: the request ID, path
 * normalisation and dispatch ({@link io.fluxlit.gateway.DispatchRules}), and the gateway's own
 * endpoints on a Vert.x Web router ({@link io.fluxlit.gateway.LocalEndpoints}). It hands each
 * request to one hop: {@code gateway.api}, {@code gateway.http} or {@code gateway.websocket}.
 */
package io.fluxlit.gateway;
