/**
 * The sign-in gate in front of the whole app (docs/auth.md#the-sign-in-gate): an OpenID Connect
 * authorization-code flow (vertx-auth-oauth2) whose result is a Vert.x Web session, the gateway's
 * own endpoints under {@code /__fluxlit/auth/}, and the signed-in user handed on to Streamlit as
 * {@code X-Forwarded-*} headers ({@link io.fluxlit.gateway.signin.IdentityHeaders}) and to the
 * request's exchange ({@link io.fluxlit.gateway.signin.SignedInUser#KEY}).
 */
package io.fluxlit.gateway.signin;
