package io.fluxlit.api.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a verified token grants, as the Python FluxLit reads it: scopes from the {@code scope}
 * claim (a space-separated string or a list), roles from the {@code roles} claim (a list or a
 * single string).
 */
public final class ClaimGrants {

  private ClaimGrants() {
  }

  /**
   * @param claims the verified claims
   * @param scopes scopes of which every one is needed (empty = none)
   * @param roles roles of which any one is needed (empty = none)
   * @return the refusal, or {@code null} when the claims grant enough
   */
  public static Refusal check(JsonObject claims, List<String> scopes, List<String> roles) {
    if (!scopes.isEmpty() && !words(claims.getValue("scope"), " ").containsAll(scopes)) {
      return Refusal.INSUFFICIENT_SCOPE;
    }
    if (!roles.isEmpty() && roles.stream().noneMatch(words(claims.getValue("roles"), null)::contains)) {
      return Refusal.INSUFFICIENT_ROLE;
    }
    return null;
  }

  private static Set<String> words(Object claim, String separator) {
    Set<String> words = new HashSet<>();
    if (claim instanceof String text) {
      words.addAll(separator == null ? List.of(text) : List.of(text.trim().split(" +")));
    } else if (claim instanceof JsonArray list) {
      list.forEach(item -> words.add(String.valueOf(item)));
    }
    return words;
  }
}
