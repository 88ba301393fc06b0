package io.fluxlit.gateway.signin;

import io.fluxlit.identity.ProviderCheck;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * What the sign-in gate's instances in one process share, built once with the gateway's other
 * shared parts ({@code gateway.SharedState}) and handed to each instance's {@link SignInGate}
 * through its constructor: the random cookie key used when {@code FLUXLIT_AUTH_COOKIE_SECRET} is
 * empty (every instance signs with the same one, so a session begun on one is valid on all; sessions
 * end on restart), and the last check that the provider answers ({@link ProviderCheck}).
 */
public final class GateProcessState {

  private final String cookieSecret;
  private final ProviderCheck providerCheck = new ProviderCheck();

  /** A new process's state: a fresh random cookie key, no provider check yet. */
  public GateProcessState() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.cookieSecret = Base64.getEncoder().encodeToString(bytes);
  }

  /** @return the process's random cookie key */
  String cookieSecret() {
    return cookieSecret;
  }

  /** @return the process's provider check */
  ProviderCheck providerCheck() {
    return providerCheck;
  }
}
