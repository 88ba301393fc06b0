package io.fluxlit.gateway.signin;

import io.vertx.core.Vertx;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's session store is made once per process ({@link GateProcessState#sessionStore}) and
 * every gateway instance uses it: a local store runs a timer that drops expired sessions, and a
 * store per instance ran one such timer per event loop over the same map.
 */
class SessionStorePerProcessTest {

  @Test
  void everyGateInstanceOfAProcessGetsTheSameStore() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      GateProcessState process = new GateProcessState();
      SessionStore first = process.sessionStore(vertx);
      assertThat(first).isInstanceOf(LocalSessionStore.class);
      assertThat(process.sessionStore(vertx)).isSameAs(first);
      assertThat(new GateProcessState().sessionStore(vertx)).as("another process").isNotSameAs(first);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
