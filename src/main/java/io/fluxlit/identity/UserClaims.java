package io.fluxlit.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The claims that name a user, read one way from an ID token, an access token, the provider's
 * userinfo answer or a session's copy of them (docs/auth.md): only text values count, a claim
 * of another type is absent; {@code groups} is a list of names or one name, and blank or
 * non-text entries are dropped.
 *
 * @param subject the provider's subject ({@code sub}), or {@code null}
 * @param email the {@code email} claim, or {@code null}
 * @param preferredUsername the {@code preferred_username} claim, or {@code null}
 * @param name the {@code name} claim, or {@code null}
 * @param groups the {@code groups} claim, possibly empty
 * @param emailVerified {@code false} only when the provider says {@code email_verified: false}
 */
public record UserClaims(String subject, String email, String preferredUsername, String name, List<String> groups,
                         boolean emailVerified) {

  /** Copies the groups. */
  public UserClaims {
    groups = List.copyOf(groups);
  }

  /**
   * @param claims verified claims
   * @return the user they name
   */
  public static UserClaims of(JsonObject claims) {
    List<String> groups = new ArrayList<>();
    Object raw = claims.getValue("groups");
    if (raw instanceof JsonArray array) {
      array.forEach(g -> {
        if (g instanceof String one && !one.isBlank()) {
          groups.add(one);
        }
      });
    } else if (raw instanceof String one && !one.isBlank()) {
      groups.add(one);
    }
    return new UserClaims(text(claims, "sub"), text(claims, "email"), text(claims, "preferred_username"),
      text(claims, "name"), groups, !Boolean.FALSE.equals(claims.getValue("email_verified")));
  }

  private static String text(JsonObject claims, String name) {
    return claims.getValue(name) instanceof String value ? value : null;
  }
}
