package io.fluxlit.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real OpenID provider of the sign-in tests: a Keycloak started by {@code scripts/keycloak.sh}
 * (which {@code scripts/test.sh} runs before Maven), reached at {@code KEYCLOAK_TEST_URL},
 * with the realm {@code src/test/resources/keycloak/fluxlit-realm.json}. Its users, client and
 * claims are described in docs/auth.md ("Tests").
 *
 * <p>Tests must not change the shared {@code fluxlit} realm: one that rotates keys or changes
 * settings creates a realm of its own through {@link #admin} and deletes it afterwards.
 */
public final class KeycloakRealm {

  /** The realm every sign-in test uses. */
  public static final String REALM = "fluxlit";
  /** The confidential client of the gateway, and its secret. */
  public static final String CLIENT_ID = "fluxlit-gateway";
  public static final String CLIENT_SECRET = "fluxlit-gateway-secret";
  /** The audience the realm adds to access tokens. */
  public static final String API_AUDIENCE = "fluxlit-api";

  private static KeycloakRealm shared;

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private KeycloakRealm(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /**
   * @return the Keycloak of this test run
   * @throws AssertionError when {@code KEYCLOAK_TEST_URL} is unset (a missing provider
   *     fails, it never skips)
   */
  public static synchronized KeycloakRealm shared() {
    if (shared == null) {
      String url = System.getenv("KEYCLOAK_TEST_URL");
      if (url == null || url.isBlank()) {
        throw new AssertionError("KEYCLOAK_TEST_URL is unset: the sign-in tests need a real Keycloak;"
          + " start one with `bash scripts/keycloak.sh start` and export the URL it prints"
          + " (scripts/test.sh does both)");
      }
      shared = new KeycloakRealm(url);
    }
    return shared;
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public String baseUrl() {
    return baseUrl;
  }

  /** @return the issuer of the {@link #REALM} realm */
  public String issuer() {
    return issuer(REALM);
  }

  /**
   * @param realm a realm name
   * @return its issuer URL
   */
  public String issuer(String realm) {
    return baseUrl + "/realms/" + realm;
  }

  /** @return the JWKS URL of the {@link #REALM} realm */
  public String jwksUrl() {
    return issuer() + "/protocol/openid-connect/certs";
  }

  public String clientId() {
    return CLIENT_ID;
  }

  public String clientSecret() {
    return CLIENT_SECRET;
  }

  /**
   * Signs a user in without a browser (the realm's client allows the password grant).
   *
   * @param user a user of the realm
   * @param password the password
   * @return the token response: {@code access_token}, {@code id_token}, {@code refresh_token}, …
   */
  public JsonObject passwordGrant(String user, String password) {
    return passwordGrant(REALM, user, password);
  }

  /**
   * @param realm the realm
   * @param user a user of that realm
   * @param password the password
   * @return the token response from that realm, for {@link #CLIENT_ID}
   */
  public JsonObject passwordGrant(String realm, String user, String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", CLIENT_ID);
    form.put("client_secret", CLIENT_SECRET);
    form.put("username", user);
    form.put("password", password);
    form.put("scope", "openid profile email");
    return postForm(issuer(realm) + "/protocol/openid-connect/token", form);
  }

  /** @return an access token of the master realm's {@code admin} (for the admin REST API) */
  public String adminToken() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", "admin-cli");
    form.put("username", "admin");
    form.put("password", "admin");
    return postForm(baseUrl + "/realms/master/protocol/openid-connect/token", form).getString("access_token");
  }

  /**
   * Calls Keycloak's admin REST API as {@code admin}.
   *
   * @param method the HTTP method
   * @param path below {@code /admin/realms}, e.g. {@code /my-realm/components}
   * @param body the JSON body, or {@code null}
   * @return the status and the body
   */
  public HttpResponse<String> admin(String method, String path, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
      .timeout(Duration.ofSeconds(30))
      .header("Authorization", "Bearer " + adminToken())
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request.build());
  }

  private JsonObject postForm(String url, Map<String, String> form) {
    String encoded = form.entrySet().stream()
      .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
      .collect(Collectors.joining("&"));
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
      .timeout(Duration.ofSeconds(30))
      .header("Content-Type", "application/x-www-form-urlencoded")
      .POST(HttpRequest.BodyPublishers.ofString(encoded))
      .build());
    if (response.statusCode() != 200) {
      throw new AssertionError("Keycloak answered " + response.statusCode() + " at " + url + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Keycloak at " + baseUrl + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
