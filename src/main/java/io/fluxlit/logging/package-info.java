/**
 * Logs: the request-ID accessor ({@link io.fluxlit.logging.RequestId}) and inbound-ID policy, the
 * access log (an exchange observer), redaction, and the Logback pieces that put the ID on every
 * line.
 */
package io.fluxlit.logging;
