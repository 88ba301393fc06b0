package io.fluxlit.gateway.signin;

import io.vertx.core.MultiMap;

import java.util.List;

/**
 * The signed-in user as request headers for Streamlit, on HTTP and on the WebSocket upgrade
 * (oauth2-proxy's names). What a client sent under these names is always removed first, gate on
 * or off: only the gateway speaks for the user. A managed Streamlit maps them into {@code st.user}
 * ({@link #STREAMLIT_MAPPING}).
 */
public final class IdentityHeaders {

  public static final String USER = "X-Forwarded-User";
  public static final String EMAIL = "X-Forwarded-Email";
  public static final String PREFERRED_USERNAME = "X-Forwarded-Preferred-Username";
  public static final String GROUPS = "X-Forwarded-Groups";

  /** Every header name here, in one list. */
  public static final List<String> ALL = List.of(USER, EMAIL, PREFERRED_USERNAME, GROUPS);

  /**
   * Streamlit's {@code server.trustedUserHeaders} value: header name → {@code st.user} key.
   * {@code st.user.email} is the email, {@code st.user.user_id} the provider's subject.
   */
  public static final String STREAMLIT_MAPPING = "{\"" + USER + "\": \"user_id\", \"" + EMAIL + "\": \"email\", \""
    + PREFERRED_USERNAME + "\": \"preferred_username\", \"" + GROUPS + "\": \"groups\"}";

  private IdentityHeaders() {
  }

  /** @param headers a request's headers: any identity header a client sent is removed */
  public static void strip(MultiMap headers) {
    for (String name : ALL) {
      headers.remove(name);
    }
  }

  /**
   * @param headers a request's headers, already {@link #strip stripped}
   * @param user the signed-in user
   */
  public static void write(MultiMap headers, SignedInUser user) {
    headers.set(USER, user.id());
    if (!user.email().isEmpty()) {
      headers.set(EMAIL, user.email());
    }
    if (!user.preferredUsername().isEmpty()) {
      headers.set(PREFERRED_USERNAME, user.preferredUsername());
    }
    if (!user.groups().isEmpty()) {
      headers.set(GROUPS, String.join(",", user.groups()));
    }
  }
}
