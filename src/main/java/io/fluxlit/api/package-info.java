/**
 * The API: the extension author's side ({@code ApiRoutes}, {@code ApiRequest}, {@code ApiReply},
 * {@code ApiException}), the wire protocol both sides speak ({@code ExtensionProtocol},
 * {@code ApiEnvelope}), and the API verticle answering everything under the API mount over the
 * event bus (built-in probes, the route table, OpenAPI, forwarding to extensions).
 */
package io.fluxlit.api;
