package io.fluxlit.api;

import io.fluxlit.identity.UserClaims;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The signed-in caller of an API request, the same whether it came with a bearer token or the
 * sign-in gate's session (docs/auth.md): from a token, {@code sub}, {@code email},
 * {@code preferred_username} and {@code groups}.
 *
 * @param id the user's ID at the provider ({@code sub})
 * @param email the email address, or {@code null}
 * @param username the user name, or {@code null}
 * @param groups the groups, possibly empty
 */
public record ApiUser(String id, String email, String username, List<String> groups) {

  /** Copies the groups. */
  public ApiUser {
    groups = List.copyOf(groups);
  }

  /** @return the JSON form carried in the request envelope */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("email", email).put("username", username).put("groups", new JsonArray(groups));
  }

  /** @param json the JSON form, or {@code null} @return the user, or {@code null} */
  static ApiUser fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    json.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add(String.valueOf(g)));
    return new ApiUser(json.getString("id"), json.getString("email"), json.getString("username"), groups);
  }

  /** @param claims verified token claims, read as {@link UserClaims} reads them @return the user they name */
  static ApiUser fromClaims(JsonObject claims) {
    UserClaims user = UserClaims.of(claims);
    return new ApiUser(user.subject(), user.email(), user.preferredUsername(), user.groups());
  }
}
