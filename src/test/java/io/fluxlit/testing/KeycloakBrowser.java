package io.fluxlit.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP client that signs in at the real Keycloak the way a browser does: it follows no
 * redirect by itself, keeps Keycloak's cookies, and fills in Keycloak's own login form.
 */
public final class KeycloakBrowser {

  private static final Pattern LOGIN_FORM = Pattern.compile("<form id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  private final KeycloakRealm keycloak;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
    .connectTimeout(Duration.ofSeconds(10)).build();
  /**
   * Keycloak's cookies, sent back to it like a browser does. Keycloak marks them Secure, which
   * browsers still send to http://127.0.0.1 (a secure context) but Java's CookieManager does not.
   */
  private final Map<String, String> keycloakCookies = new LinkedHashMap<>();

  /** @param keycloak the provider */
  public KeycloakBrowser(KeycloakRealm keycloak) {
    this.keycloak = keycloak;
  }

  /**
   * Fills in Keycloak's login form at an authorization URL.
   *
   * @param authorize the provider URL the app redirected to
   * @param user a user of the realm
   * @param password the password
   * @return where Keycloak sends the browser back to (the app's callback with code and state)
   */
  public String signIn(URI authorize, String user, String password) {
    HttpResponse<String> page = send("GET", authorize.toString(), null, null);
    if (page.statusCode() != 200) {
      throw new AssertionError("Keycloak's login page answered " + page.statusCode() + ": " + page.body());
    }
    Matcher form = LOGIN_FORM.matcher(page.body());
    if (!form.find()) {
      throw new AssertionError("no login form on Keycloak's page");
    }
    String action = form.group(1).replace("&amp;", "&");
    String fields = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
      + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
    HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(action))
      .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(fields)).build());
    if (posted.statusCode() != 302) {
      throw new AssertionError("Keycloak's login form answered " + posted.statusCode() + ": " + posted.body());
    }
    return location(posted);
  }

  /**
   * @param method the HTTP method
   * @param url the URL
   * @param json a JSON body, or {@code null}
   * @param authorization an Authorization header, or {@code null}
   * @return the response
   */
  public HttpResponse<String> send(String method, String url, String json, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
      .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  /** @param request a request @return its response, Keycloak's cookies kept */
  public HttpResponse<String> send(HttpRequest request) {
    boolean toKeycloak = request.uri().toString().startsWith(keycloak.baseUrl());
    if (toKeycloak && !keycloakCookies.isEmpty()) {
      request = HttpRequest.newBuilder(request, (name, value) -> true).header("Cookie", String.join("; ",
        keycloakCookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())).build();
    }
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (toKeycloak) {
        for (String cookie : response.headers().allValues("set-cookie")) {
          String pair = cookie.split(";", 2)[0];
          keycloakCookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** @param response a redirect @return its Location */
  public static String location(HttpResponse<String> response) {
    return response.headers().firstValue("location").orElseThrow(() -> new AssertionError("no Location: " + response.body()));
  }

  /** @param raw a raw query string @return its decoded parameters */
  public static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /** @param response a JSON response @return its body */
  public static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }
}
