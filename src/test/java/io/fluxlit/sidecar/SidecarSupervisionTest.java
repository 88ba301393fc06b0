package io.fluxlit.sidecar;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.StreamlitStandIn;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supervision of the managed child, fast: the "Streamlit" here is the {@link StreamlitStandIn},
 * which takes Streamlit's command line and answers 200 everywhere, and after
 * {@code crashFromNowOn()} exits with code 3 at every start. (e2e/SupervisionIT does the same
 * with the real Streamlit.)
 */
@ExtendWith(VertxExtension.class)
class SidecarSupervisionTest {

  /**
   * How long nothing may happen after the supervisor gave up or was stopped: more than twice the
   * longest backoff these tests configure (0.4 s), so a restart still on its way would show.
   */
  private static final long QUIET_AFTER_MS = 1_000;

  @TempDir
  Path dir;

  private StreamlitStandIn streamlit;
  private CapturedLogs logs;

  @BeforeEach
  void writeStandIn() {
    streamlit = StreamlitStandIn.in(dir);
    logs = new CapturedLogs("fluxlit.sidecar", Level.INFO);
  }

  /** After each test's gateway stopped: no stand-in process may outlive the test. */
  @AfterEach
  void stop() {
    logs.close();
    streamlit.close();
  }

  private Gateway start(Vertx vertx, String restartMax, String initialBackoffS) {
    return Gateway.start(vertx, streamlit.settings()
      .put("FLUXLIT_SIDECAR_RESTART_MAX", restartMax)
      .put("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", initialBackoffS)
      .put("FLUXLIT_SIDECAR_BACKOFF_MAX_S", "0.4"));
  }

  @Test
  void aKilledChildIsRestartedOnTheSamePortAndLoggedOnce(Vertx vertx) {
    try (Gateway gateway = start(vertx, "3", "0.1")) {
      Http http = new Http(vertx, gateway.port());
      assertThat(http.get("/api/readyz").status()).isEqualTo(200);
      ProcessHandle first = onlyChild();

      first.destroyForcibly();

      Conditions.waitUntil(() -> onlyLiveChild().filter(p -> p.pid() != first.pid()).isPresent(), 20,
        "a new child after the kill");
      Conditions.waitUntil(() -> messages("up again").size() == 1, 20, "the restarted child to be healthy");
      assertThat(http.get("/api/readyz").status()).isEqualTo(200);
      assertThat(messages("exited with code")).singleElement().asString()
        .contains("exited with code 137").contains("restart 1 of at most 3").contains("FLUXLIT_SIDECAR_RESTART_MAX");
      assertThat(messages("restarting Streamlit")).hasSize(1);
      assertThat(events(Level.ERROR)).isEmpty();
    }
  }

  @Test
  void aCrashLoopEndsInOneErrorAndNothingMore(Vertx vertx) {
    try (Gateway gateway = start(vertx, "2", "0.1")) {
      Http http = new Http(vertx, gateway.port());
      assertThat(http.get("/api/readyz").status()).isEqualTo(200);
      streamlit.crashFromNowOn();

      onlyChild().destroyForcibly();

      Conditions.waitUntil(() -> !events(Level.ERROR).isEmpty(), 20, "the give-up ERROR");
      assertThat(events(Level.ERROR)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
        .contains("exited with code 3").contains("failed 2 restarts in a row").contains("FLUXLIT_SIDECAR_RESTART_MAX=2");
      assertThat(messages("restarting Streamlit")).hasSize(2);
      assertThat(messages("; restarting it in")).hasSize(2)
        .satisfies(lines -> {
          assertThat(lines.get(0)).contains("exited with code 137").contains("in 0.1 s");
          assertThat(lines.get(1)).contains("exited with code 3").contains("in 0.2 s");
        });
      int eventsAtGiveUp = logs.events().size();
      Conditions.holdsFor(() -> onlyLiveChild().isEmpty() && logs.events().size() == eventsAtGiveUp, QUIET_AFTER_MS,
        "no child and no new sidecar log line after giving up");
      assertThat(http.get("/api/readyz").status()).isEqualTo(503);
      assertThat(http.get("/api/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void stoppingCancelsAPendingRestart(Vertx vertx) {
    try (Gateway gateway = start(vertx, "3", "0.4")) {
      onlyChild().destroyForcibly();
      Conditions.waitUntil(() -> messages("; restarting it in").size() == 1, 20, "the restart to be scheduled");

      gateway.stop();

      Conditions.holdsFor(() -> onlyLiveChild().isEmpty(), QUIET_AFTER_MS, "no child started after the stop");
      assertThat(messages("restarting Streamlit")).isEmpty();
    }
  }

  private List<String> messages(String fragment) {
    return logs.events().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(fragment)).toList();
  }

  private List<ILoggingEvent> events(Level level) {
    return logs.events().stream().filter(e -> e.getLevel() == level).toList();
  }

  private Optional<ProcessHandle> onlyLiveChild() {
    List<ProcessHandle> live = streamlit.live();
    assertThat(live).as("live stand-in Streamlit children").hasSizeLessThanOrEqualTo(1);
    return live.stream().findFirst();
  }

  private ProcessHandle onlyChild() {
    return onlyLiveChild().orElseThrow(() -> new AssertionError("no stand-in Streamlit child"));
  }
}
