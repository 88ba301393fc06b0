package io.fluxlit.cli;

/** The outcome of one {@code doctor} check, mildest first. */
public enum CheckStatus {
  /** Fine. */
  PASS,
  /** Works, but probably not as meant. */
  WARN,
  /** Will not work: {@code doctor} exits 1. */
  FAIL;

  /**
   * @param other another status
   * @return the worse of the two
   */
  CheckStatus worst(CheckStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
