package io.fluxlit.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code doctor}'s report. The JSON form ({@code doctor --json}) has the documented shape (docs/configuration.md):
 *
 * <pre>{@code
 * {"status": "PASS" | "WARN" | "FAIL",
 *  "target": "app.py" | null,
 *  "warnings_only": false,
 *  "checks": [{"name": "java", "status": "PASS", "detail": "..."}, ...]}
 * }</pre>
 *
 * <p>{@code status} is the worst row's.
 *
 * @param checks the rows, in the order they were checked
 * @param target the Streamlit script checked, or {@code null}
 * @param warningsOnly whether {@code --warnings-only} was given (a FAIL then exits 0)
 */
record DoctorReport(List<DoctorCheck> checks, String target, boolean warningsOnly) {

  /** @return the worst status of all rows (PASS when there are none) */
  CheckStatus status() {
    return checks.stream().map(DoctorCheck::status).reduce(CheckStatus.PASS, CheckStatus::worst);
  }

  /** @return 1 when a row failed (unless {@code --warnings-only}), else 0 */
  int exitCode() {
    return status() == CheckStatus.FAIL && !warningsOnly ? 1 : 0;
  }

  JsonObject toJson() {
    JsonArray rows = new JsonArray();
    checks.forEach(check -> rows.add(check.toJson()));
    return new JsonObject()
      .put("status", status().name())
      .put("target", target)
      .put("warnings_only", warningsOnly)
      .put("checks", rows);
  }

  String toText() {
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(4) + 2;
    StringBuilder text = new StringBuilder("FluxLit doctor\n");
    for (DoctorCheck check : checks) {
      text.append("  ").append(check.status().name()).append("  ")
        .append(check.name()).append(" ".repeat(width - check.name().length())).append(check.detail()).append('\n');
    }
    return text.append("Status: ").append(status().name()).append('\n').toString();
  }
}
