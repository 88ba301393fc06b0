package io.fluxlit.cli;

import io.vertx.core.json.JsonObject;

/**
 * One row of {@code doctor}'s report.
 *
 * @param name what was checked, e.g. {@code gateway_port}
 * @param status the outcome
 * @param detail one line saying what was found
 */
public record DoctorCheck(String name, CheckStatus status, String detail) {

  static DoctorCheck pass(String name, String detail) {
    return new DoctorCheck(name, CheckStatus.PASS, detail);
  }

  static DoctorCheck warn(String name, String detail) {
    return new DoctorCheck(name, CheckStatus.WARN, detail);
  }

  static DoctorCheck fail(String name, String detail) {
    return new DoctorCheck(name, CheckStatus.FAIL, detail);
  }

  /** @return {@code {"name", "status", "detail"}} */
  JsonObject toJson() {
    return new JsonObject().put("name", name).put("status", status.name()).put("detail", detail);
  }
}
