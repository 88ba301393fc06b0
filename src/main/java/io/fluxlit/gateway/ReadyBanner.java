package io.fluxlit.gateway;

import io.fluxlit.config.Settings;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines logged once the gateway (and Streamlit, when configured) is up: the URL to open
 * first, then what else a newcomer can open on the same port, under the public sub-path: the
 * API docs, readiness, and the metrics and debug endpoints when they are served
 * (docs/observability.md).
 */
public final class ReadyBanner {

  /** The first line's start; scripts and tests wait for it. */
  public static final String READY = "FluxLit is ready: open ";

  private final Settings settings;

  private ReadyBanner(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param settings the resolved settings (the gateway port already chosen)
   * @return the banner for them
   */
  public static ReadyBanner of(Settings settings) {
    return new ReadyBanner(settings);
  }

  /** @return the banner's lines, first the URL to open */
  public List<String> lines() {
    String base = "http://" + displayHost() + ":" + settings.gateway().port();
    String root = base + settings.gateway().rootPath();
    String api = root + settings.api().mount();
    DispatchRules rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    List<String> lines = new ArrayList<>();
    lines.add(READY + root + "/");
    if (settings.sidecar().app().isEmpty() && settings.upstream().url().isEmpty()) {
      lines.add("  (no Streamlit app configured: only the API answers)");
    }
    lines.add("  API docs:        " + api + "/docs");
    lines.add("  readiness:       " + api + "/readyz");
    if (LocalEndpoints.metricsServedHere(settings, rules)) {
      lines.add("  metrics:         " + root + settings.observability().metricsPath());
    } else if (settings.observability().metricsEnabled() && settings.observability().metricsPort() > 0) {
      lines.add("  metrics:         http://" + displayHost() + ":" + settings.observability().metricsPort()
        + settings.observability().metricsPath());
    }
    if (settings.observability().debug() && !rules.isUnderMount(LocalEndpoints.DEBUG_PATH)) {
      lines.add("  debug snapshot:  " + root + LocalEndpoints.DEBUG_PATH);
    }
    return lines;
  }

  /** A wildcard bind is opened as localhost; an IPv6 literal needs brackets in a URL. */
  private String displayHost() {
    String host = settings.gateway().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
