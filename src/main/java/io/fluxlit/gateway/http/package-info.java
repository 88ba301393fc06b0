/**
 * The HTTP hop to Streamlit: vertx-http-proxy with one interceptor per concern (target, headers,
 * forwarding, body limit, the send and its errors, security headers yielding to Streamlit's, its Date kept), and the bounded body reader it shares with the
 * API hop.
 */
package io.fluxlit.gateway.http;
