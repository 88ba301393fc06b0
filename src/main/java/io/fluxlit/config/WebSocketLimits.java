package io.fluxlit.config;

/**
 * The WebSocket hardening settings, parsed once (docs/architecture.md, "WebSocket relay").
 *
 * @param pingTimeoutMs how long a peer has to answer a ping ({@code FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S}); 0 = forever
 * @param closeTimeoutMs how long a close handshake may take ({@code FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S})
 * @param allowedOrigins foreign origins allowed to upgrade ({@code FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS})
 * @param maxSessions most sessions open at once ({@code FLUXLIT_GATEWAY_MAX_WEBSOCKETS}); 0 = unlimited
 */
public record WebSocketLimits(long pingTimeoutMs, long closeTimeoutMs, AllowedOrigins allowedOrigins, int maxSessions) {
}
