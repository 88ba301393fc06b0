/**
 * What the HTTP and WebSocket hops share about talking to Streamlit (whose address is
 * {@link io.fluxlit.upstream.Upstream}): the headers sent to it (forwarding, hop-by-hop), how its
 * failures are classified, and the bodies the gateway answers with when it cannot.
 */
package io.fluxlit.gateway.upstream;
