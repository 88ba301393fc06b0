/**
 * The gateway verticle: the public port. Owns dispatch (path normalisation, API mount, public
 * sub-path), the HTTP proxy to Streamlit and its interceptor, the WebSocket relay, the
 * forwarded and hop-by-hop header rules, upstream error mapping, and the hand-off of API
 * requests to the event bus.
 */
package io.fluxlit.gateway;
