/**
 * The client-facing protections (docs/security.md): the request-head and idle clocks of each
 * connection, the framing rule the decoder leaves open, the concurrency limit in front of
 * Streamlit, the security headers and CORS on the API (Vert.x Web handlers).
 */
package io.fluxlit.gateway.edge;
