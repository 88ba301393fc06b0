package io.fluxlit.cli;

import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.gateway.DispatchRules;
import io.fluxlit.gateway.LocalEndpoints;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code doctor}'s rows on paths and trust: the API mount against the public sub-path, the
 * metrics and debug paths against the mount (the gateway disables them there), and
 * {@code FLUXLIT_FORWARDED_ALLOW_IPS=*} with proxy trust on.
 */
final class PathCheck {

  private PathCheck() {
  }

  static List<DoctorCheck> check(Settings settings) {
    List<DoctorCheck> rows = new ArrayList<>();
    DispatchRules rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    String mount = settings.api().mount();
    String root = settings.gateway().rootPath();
    if (root.equals(mount)) {
      rows.add(DoctorCheck.fail("paths", Setting.FLUXLIT_ROOT_PATH.envName() + " and " + Setting.FLUXLIT_API_MOUNT_PATH.envName()
        + " are both " + mount + ": behind a proxy that strips the prefix, " + mount
        + "/... is read as a Streamlit path and the API cannot be reached"));
    } else if (rules.isUnderMount(root)) {
      rows.add(DoctorCheck.warn("paths", Setting.FLUXLIT_ROOT_PATH.envName() + "=" + root + " lies under the API mount "
        + mount + ": the public URLs become " + root + mount + "/... for the API; choose a sub-path outside " + mount));
    } else {
      rows.add(DoctorCheck.pass("paths", "API at " + root + mount + "/, Streamlit at " + root + "/"));
    }
    if (settings.observability().metricsEnabled() && settings.observability().metricsPort() == 0) {
      rows.add(rules.isUnderMount(settings.observability().metricsPath())
        ? DoctorCheck.warn("metrics_path", Setting.FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH.envName() + "=" + settings.observability().metricsPath()
          + " lies under the API mount " + mount + ": metrics are disabled")
        : DoctorCheck.pass("metrics_path", "Prometheus scrape at " + settings.observability().metricsPath()));
    }
    if (settings.observability().debug()) {
      rows.add(rules.isUnderMount(LocalEndpoints.DEBUG_PATH)
        ? DoctorCheck.warn("debug_path", LocalEndpoints.DEBUG_PATH + " lies under the API mount " + mount
          + ": the debug snapshot is disabled")
        : DoctorCheck.pass("debug_path", "debug snapshot at " + LocalEndpoints.DEBUG_PATH));
    }
    if (settings.gateway().trustProxy()) {
      rows.add(settings.raw(Setting.FLUXLIT_FORWARDED_ALLOW_IPS).contains("*")
        ? DoctorCheck.warn("trusted_proxies", Setting.FLUXLIT_FORWARDED_ALLOW_IPS.envName()
          + "=* trusts X-Forwarded-For/-Proto from any peer; list your proxies' addresses")
        : DoctorCheck.pass("trusted_proxies", "X-Forwarded-For/-Proto trusted from "
          + settings.raw(Setting.FLUXLIT_FORWARDED_ALLOW_IPS).trim()));
    }
    return rows;
  }
}
