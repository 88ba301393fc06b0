/**
 * The WebSocket hop to Streamlit: the relay (upstream handshake first, frames, close codes,
 * back-pressure) and its close-code rules.
 */
package io.fluxlit.gateway.websocket;
