/**
 * Who may call an API route (docs/auth.md#jwt-on-the-api): bearer tokens checked with vertx-auth-jwt
 * ({@code BearerTokens}, one {@code TokenVerifier} per issuer, key sets fetched and cached by
 * {@code KeySet}), the scope and role rules of a route ({@code ClaimGrants}), and the refusals with
 * the answers they get ({@code Refusal}). Uses nothing of the API package: the API verticle hands it
 * header values and claims.
 */
package io.fluxlit.api.auth;
