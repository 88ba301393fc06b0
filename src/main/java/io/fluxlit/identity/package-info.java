/**
 * What the gateway's sign-in gate and the API's sign-in share, so that each rule has one home
 * and neither package uses the other (docs/auth.md): the OpenID provider found by discovery
 * ({@code OpenIdProvider}, with the {@code ProviderCheck} its instances share), the claims that
 * name a user ({@code UserClaims}), and the pages a sign-in may send a browser back to
 * ({@code ReturnPath}, the open-redirect rule).
 */
package io.fluxlit.identity;
