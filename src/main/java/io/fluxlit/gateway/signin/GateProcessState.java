package io.fluxlit.gateway.signin;

import io.fluxlit.identity.ProviderCheck;
import io.vertx.core.Vertx;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * What the sign-in gate's instances in one process share, built once with the gateway's other
 * shared parts ({@code gateway.SharedState}) and handed to each instance's {@link SignInGate}
 * through its constructor: the random cookie key used when {@code FLUXLIT_AUTH_COOKIE_SECRET} is
 * empty (every instance signs with the same one, so a session begun on one is valid on all; sessions
 * end on restart), the last check that the provider answers ({@link ProviderCheck}), and the
 * session store (one per process: a local store runs a timer that drops expired sessions, and one
 * timer per instance would each sweep the same map).
 */
public final class GateProcessState {

  private static final String STORE_NAME = "fluxlit.signin.sessions";

  private final String cookieSecret;
  private final ProviderCheck providerCheck = new ProviderCheck();
  /** Guarded by this; made by the first gate instance that asks. */
  private SessionStore sessionStore;

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

  /**
   * @param vertx the process's Vert.x
   * @return the process's session store: on the Hazelcast cluster when clustered, so every replica
   *     knows every session; in this process's memory otherwise
   */
  synchronized SessionStore sessionStore(Vertx vertx) {
    if (sessionStore == null) {
      sessionStore = vertx.isClustered() ? ClusteredSessionStore.create(vertx, STORE_NAME)
        : LocalSessionStore.create(vertx, STORE_NAME);
    }
    return sessionStore;
  }

  /** @return the process's provider check */
  ProviderCheck providerCheck() {
    return providerCheck;
  }
}
