/**
 * The WebSocket hop to Streamlit: who may upgrade (origin, session count), the relay (upstream
 * handshake first, frames in order, close codes, back-pressure) and each session's liveness and
 * close deadlines.
 */
package io.fluxlit.gateway.websocket;
