package io.fluxlit.exchange;

/** Where the gateway sends a request; {@link #label()} is the value used in logs and metrics. */
public enum Dispatch {
  /** Under the API mount: answered by the API verticle over the event bus. */
  API("api"),
  /** Everything else: reverse-proxied to Streamlit. */
  STREAMLIT("streamlit");

  private final String label;

  Dispatch(String label) {
    this.label = label;
  }

  /** @return {@code api} or {@code streamlit} */
  public String label() {
    return label;
  }
}
