package io.fluxlit.exchange;

/**
 * Why the upstream could not answer, and the status the client gets for it (docs/architecture.md#the-http-hop).
 * {@link #kind()} is the stable label used in logs and metrics.
 */
public enum UpstreamFailure {
  /** Nothing listens, or the address cannot be reached. */
  REFUSED("refused", 502),
  /** Connect or read (idle) timeout: better than a 502 (docs/architecture.md#differences). */
  TIMEOUT("timeout", 504),
  /** The connection broke while the exchange was under way. */
  RESET("reset", 502),
  /**
   * Not sent at all: {@code FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP} exchanges were under way
   * for the whole queue timeout (load shed, docs/security.md).
   */
  OVERLOAD("overload", 503);

  private final String kind;
  private final int status;

  UpstreamFailure(String kind, int status) {
    this.kind = kind;
    this.status = status;
  }

  /** @return {@code refused}, {@code timeout}, {@code reset} or {@code overload} */
  public String kind() {
    return kind;
  }

  /** @return the HTTP status answered to the client */
  public int status() {
    return status;
  }
}
