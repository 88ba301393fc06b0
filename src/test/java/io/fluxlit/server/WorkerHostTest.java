package io.fluxlit.server;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.sidecar.Supervision;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code FLUXLIT_STREAMLIT_PORT} of the {@code worker} command: a fixed port that is taken stops
 * start-up with one line naming the setting (the port in use is checked before Streamlit starts).
 * PoolClusterIT runs a worker on a fixed port that is free.
 */
@ExtendWith(VertxExtension.class)
class WorkerHostTest {

  @Test
  void aFixedPortInUseNamesTheSetting(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Settings settings = ResolvedSettings.resolve(Map.of(
        "FLUXLIT_STREAMLIT_APP", "src/test/apps/pool_app.py",
        "FLUXLIT_STREAMLIT_PORT", Integer.toString(taken.getLocalPort())), Map.of()).settings();
      Throwable failure = catchThrowable(() -> WorkerHost.deploy(vertx, settings, new Supervision()).await());
      assertThat(failure).isInstanceOf(ConfigException.class)
        .hasMessageContaining("FLUXLIT_STREAMLIT_PORT")
        .hasMessageContaining(Integer.toString(taken.getLocalPort()));
    }
  }
}
