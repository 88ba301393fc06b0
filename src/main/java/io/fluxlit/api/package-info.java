/**
 * The API verticle: everything under the API mount, reached over the event bus. Owns the
 * message envelope, the built-in probes and the OpenAPI document.
 */
package io.fluxlit.api;
