package io.fluxlit.identity;

import io.fluxlit.config.AuthSettings;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.TcpForwarder;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenID provider of the gate and of the API (docs/auth.md), against the real Keycloak:
 * discovery on first use, a failed discovery tried again at most every {@link OpenIdProvider#RETRY_MS},
 * and a sign-in refused once the provider stopped answering, a check its instances share.
 */
class OpenIdProviderTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static AuthSettings settings(String issuer) {
    return ResolvedSettings.resolve(Map.of("FLUXLIT_AUTH_OIDC_ISSUER", issuer,
      "FLUXLIT_PUBLIC_BASE_URL", "http://127.0.0.1:8501", "FLUXLIT_AUTH_COOKIE_SECRET", "a test cookie secret of some length",
      "FLUXLIT_AUTH_OIDC_CLIENT_ID", KeycloakRealm.CLIENT_ID, "FLUXLIT_AUTH_OIDC_CLIENT_SECRET", KeycloakRealm.CLIENT_SECRET),
      Map.of()).settings().auth();
  }

  @Test
  void aFailedDiscoveryIsTriedAgainAtMostEveryRetryInterval() {
    String nowhere = "http://127.0.0.1:" + TestEnvironment.freePort() + "/realms/none";
    OpenIdProvider provider = new OpenIdProvider(vertx, settings(nowhere), new ProviderCheck());
    long startedNs = System.nanoTime();
    Future<OAuth2Auth> first = provider.auth();
    assertThatThrownBy(first::await).as("discovery of a provider that is down").isNotNull();
    assertThat(provider.auth()).as("a caller right after the failure").isSameAs(first);
    assertThat(OpenIdProvider.unreachable(first.cause())).isTrue();
    Conditions.waitUntil(() -> provider.auth() != first, Duration.ofSeconds(10), "a new discovery attempt");
    assertThat(Duration.ofNanos(System.nanoTime() - startedNs)).isGreaterThanOrEqualTo(Duration.ofMillis(OpenIdProvider.RETRY_MS));
  }

  @Test
  void aProviderThatStopsAnsweringRefusesNewSignInsForEveryInstanceSharingTheCheck() {
    URI keycloak = URI.create(KeycloakRealm.shared().baseUrl());
    try (TcpForwarder forwarder = TcpForwarder.start(vertx, keycloak.getHost(), keycloak.getPort())) {
      AuthSettings settings = settings("http://127.0.0.1:" + forwarder.port() + "/realms/" + KeycloakRealm.REALM);
      ProviderCheck shared = new ProviderCheck();
      OpenIdProvider one = new OpenIdProvider(vertx, settings, shared);
      OpenIdProvider other = new OpenIdProvider(vertx, settings, shared);
      assertThat(one.forSignIn().await()).isSameAs(one.ifDiscovered());
      assertThat(one.options().await().getJwkPath()).contains("/protocol/openid-connect/certs");
      other.auth().await();
      forwarder.close();
      // Checked a moment ago by the other instance: no request, the sign-in goes on.
      assertThat(other.forSignIn().await()).isSameAs(other.ifDiscovered());
      Conditions.waitUntil(() -> refused(one) && refused(other), Duration.ofSeconds(15), "sign-ins refused");
      assertThat(one.ifDiscovered()).as("the discovered provider is kept for open sessions").isNotNull();
      one.close();
      other.close();
    }
  }

  private static boolean refused(OpenIdProvider provider) {
    try {
      provider.forSignIn().await();
      return false;
    } catch (Exception refused) { // await() rethrows the cause as it is, a checked ConnectException too
      return true;
    }
  }
}
