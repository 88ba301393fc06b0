package io.fluxlit.gateway.signin;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.identity.UserClaims;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Who is signed in: the claims of the provider's ID token the gate keeps (no token).
 *
 * @param id the provider's subject ({@code sub}), what the access log names
 * @param email the email address, or the empty string
 * @param preferredUsername the {@code preferred_username} claim, or the empty string
 * @param name the display name, or the empty string
 * @param groups the {@code groups} claim (names, as the provider writes them)
 * @param emailVerified {@code false} only when the provider says {@code email_verified: false}
 */
public record SignedInUser(String id, String email, String preferredUsername, String name, List<String> groups,
                           boolean emailVerified) {

  /** The signed-in user of a request that passed the gate with a session. */
  public static final Exchange.Key<SignedInUser> KEY = Exchange.Key.named("signed-in user");

  public SignedInUser {
    groups = List.copyOf(groups);
  }

  /**
   * @param claims the verified claims of an ID token (or of the userinfo answer), read as
   *     {@link UserClaims} reads them; an absent claim is the empty string
   * @return the user they name
   */
  public static SignedInUser ofClaims(JsonObject claims) {
    UserClaims user = UserClaims.of(claims);
    return new SignedInUser(text(user.subject()), text(user.email()), text(user.preferredUsername()),
      text(user.name()), user.groups(), user.emailVerified());
  }

  /** @return the user as the session keeps it, and as {@code /__fluxlit/auth/userinfo} answers */
  public JsonObject toJson() {
    return new JsonObject().put("sub", id).put("email", email).put("preferred_username", preferredUsername)
      .put("name", name).put("groups", new JsonArray(groups)).put("email_verified", emailVerified);
  }

  /** @return the email's domain in lower case, or the empty string */
  public String emailDomain() {
    int at = email.lastIndexOf('@');
    return at < 0 ? "" : email.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
  }

  private static String text(String claim) {
    return claim == null ? "" : claim;
  }
}
