/**
 * Request IDs and log glue: the request-ID context local and its public accessor
 * ({@link io.fluxlit.logging.RequestId}), the inbound-ID policy, and the Logback pieces that put
 * the ID on every line.
 */
package io.fluxlit.logging;
