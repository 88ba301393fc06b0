package io.fluxlit.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser played by plain HTTP, for the sign-in gate's tests: a cookie jar, no redirect
 * followed by itself, page loads sent with a browser's navigation headers, and a sign-in through
 * Keycloak's real login form ({@link #signIn}). The headless Chromium test does the same with a
 * real browser; this one lets tests take the cookie apart.
 */
public final class ScriptedBrowser {

  private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  /**
   * Browsers count 127.0.0.1 as a secure context and send it {@code Secure} cookies over http
   * (Keycloak's login cookies are Secure); Java's cookie manager does not, so the flag is dropped here.
   */
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL) {
    @Override
    public void put(URI uri, java.util.Map<String, java.util.List<String>> headers) throws IOException {
      java.util.Map<String, java.util.List<String>> loopback = new java.util.HashMap<>();
      headers.forEach((name, values) -> loopback.put(name, name != null && name.equalsIgnoreCase("set-cookie")
        ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure", "")).toList() : values));
      super.put(uri, loopback);
    }
  };
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
    .cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * A top-level page load: {@code Sec-Fetch-Mode: navigate}, {@code Accept: text/html}.
   *
   * @param url the URL
   * @return the answer
   */
  public HttpResponse<String> open(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET()
      .header("accept", "text/html,application/xhtml+xml")
      .header("sec-fetch-mode", "navigate").header("sec-fetch-dest", "document"));
  }

  /**
   * A script's request ({@code fetch}): {@code Sec-Fetch-Mode: cors}.
   *
   * @param url the URL
   * @param headers extra header names and values
   * @return the answer
   */
  public HttpResponse<String> fetch(String url, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET()
      .header("accept", "*/*").header("sec-fetch-mode", "cors");
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return send(builder);
  }

  /**
   * Opens {@code url}, follows the gate to Keycloak, fills its login form and follows the way
   * back to the gateway's callback.
   *
   * @param url a page of the app
   * @param user the Keycloak user
   * @param password the password
   * @return the gateway's answer to the callback (302 to the page asked for, or a refusal)
   */
  public HttpResponse<String> signIn(String url, String user, String password) {
    HttpResponse<String> toProvider = open(url);
    if (toProvider.statusCode() != 302) {
      throw new AssertionError("the gate did not send the browser to sign in: " + toProvider.statusCode()
        + " " + toProvider.body());
    }
    return callbackAfterLogin(toProvider.headers().firstValue("location").orElseThrow(), user, password);
  }

  /**
   * @param authorizeUrl the provider's authorization URL the gate sent the browser to
   * @param user the Keycloak user
   * @param password the password
   * @return the gateway's answer to the callback
   */
  public HttpResponse<String> callbackAfterLogin(String authorizeUrl, String user, String password) {
    return open(providerRedirect(authorizeUrl, user, password));
  }

  /**
   * @param authorizeUrl the provider's authorization URL
   * @param user the Keycloak user
   * @param password the password
   * @return where Keycloak sends the browser after the login form: the callback with code and state
   */
  public String providerRedirect(String authorizeUrl, String user, String password) {
    HttpResponse<String> form = open(authorizeUrl);
    Matcher action = FORM_ACTION.matcher(form.body());
    if (form.statusCode() != 200 || !action.find()) {
      throw new AssertionError("no Keycloak login form at " + authorizeUrl + ": " + form.statusCode());
    }
    String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
      + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
    HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
      .header("content-type", "application/x-www-form-urlencoded")
      .header("sec-fetch-mode", "navigate")
      .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (posted.statusCode() != 302) {
      throw new AssertionError("Keycloak refused the login of " + user + ": " + posted.statusCode());
    }
    return posted.headers().firstValue("location").orElseThrow();
  }

  /**
   * @param name a cookie's name
   * @return its value in the jar, or {@code null}
   */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
      .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  /**
   * @param request a request
   * @return its answer
   */
  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A request from a client that is not this browser, with a cookie given by hand.
   *
   * @param url the URL
   * @param cookie the {@code Cookie} header
   * @return the answer
   */
  public static HttpResponse<String> fetchWithCookie(String url, String cookie) {
    return new ScriptedBrowser().send(HttpRequest.newBuilder(URI.create(url)).GET()
      .header("sec-fetch-mode", "cors").header("cookie", cookie));
  }
}
