/**
 * The API hop: a request under the API mount goes to the API verticle over the event bus, and its
 * reply (or failure) becomes the HTTP response.
 */
package io.fluxlit.gateway.api;
