package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code doctor}'s {@code upstream} row when no managed app is configured: the external Streamlit
 * ({@code FLUXLIT_STREAMLIT_UPSTREAM_FILE}, else {@code FLUXLIT_STREAMLIT_UPSTREAM}, chosen as at
 * start-up) answers {@code GET {upstream}{root}/_stcore/health} with 200 within a short timeout.
 */
final class UpstreamCheck {

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private UpstreamCheck() {
  }

  static DoctorCheck check(Settings settings) {
    String upstream = settings.upstream().url();
    String from = Setting.FLUXLIT_STREAMLIT_UPSTREAM.envName();
    if (!settings.upstream().urlFile().isEmpty()) {
      Path file = Path.of(settings.upstream().urlFile());
      try {
        String url = Files.isRegularFile(file) ? Files.readString(file).trim() : "";
        if (!url.isEmpty()) {
          upstream = Settings.upstreamUrl(Setting.FLUXLIT_STREAMLIT_UPSTREAM_FILE, url);
          from = Setting.FLUXLIT_STREAMLIT_UPSTREAM_FILE.envName() + "=" + file;
        }
      } catch (IOException | ConfigException e) {
        return DoctorCheck.fail("upstream", Setting.FLUXLIT_STREAMLIT_UPSTREAM_FILE.envName() + "=" + file
          + " is unusable: " + e.getMessage());
      }
    }
    if (upstream.isEmpty()) {
      return DoctorCheck.warn("upstream", "no Streamlit configured (neither APP.py, " + Setting.FLUXLIT_STREAMLIT_APP.envName()
        + " nor " + Setting.FLUXLIT_STREAMLIT_UPSTREAM.envName() + "): only the API is served, other paths get 502");
    }
    String health = upstream + settings.gateway().rootPath() + "/_stcore/health";
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
    try {
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(health)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200
        ? DoctorCheck.pass("upstream", "GET " + health + " answered 200 (from " + from + ")")
        : DoctorCheck.fail("upstream", "GET " + health + " answered " + response.statusCode() + " (from " + from + ")");
    } catch (IOException e) {
      return DoctorCheck.fail("upstream", "GET " + health + " failed: " + describe(e) + " (from " + from + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DoctorCheck.fail("upstream", "interrupted");
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
