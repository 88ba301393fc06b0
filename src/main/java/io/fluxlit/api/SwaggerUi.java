package io.fluxlit.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI at {@code {mount}/docs}, from the swagger-ui webjar inside the jar, so it works
 * offline. The page, its script and its style sheet are loaded once (blocking: call
 * {@link #load(String)} on a worker) and answered from memory.
 */
final class SwaggerUi {

  /** Where the webjar says which version it is: its files live under a versioned path. */
  private static final String POM_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final Map<String, JsonObject> replies;

  private SwaggerUi(Map<String, JsonObject> replies) {
    this.replies = replies;
  }

  /**
   * Blocking: reads the files.
   *
   * @param base the public API prefix, e.g. {@code /myapp/api}
   * @return the pages, ready to serve
   * @throws IOException when the webjar is missing from the class path
   */
  static SwaggerUi load(String base) throws IOException {
    String root = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FluxLit API</title>\n"
      + "<link rel=\"stylesheet\" href=\"" + base + "/docs/swagger-ui.css\"></head>\n"
      + "<body><div id=\"swagger-ui\"></div>\n"
      + "<script src=\"" + base + "/docs/swagger-ui-bundle.js\"></script>\n"
      + "<script>window.ui = SwaggerUIBundle({url: \"" + base + "/openapi.json\", dom_id: \"#swagger-ui\"});</script>\n"
      + "</body></html>\n";
    return new SwaggerUi(Map.of(
      "/docs", reply(Buffer.buffer(page), "text/html; charset=utf-8"),
      "/docs/", reply(Buffer.buffer(page), "text/html; charset=utf-8"),
      "/docs/swagger-ui-bundle.js", reply(read(root, "swagger-ui-bundle.js"), "application/javascript; charset=utf-8"),
      "/docs/swagger-ui.css", reply(read(root, "swagger-ui.css"), "text/css; charset=utf-8")));
  }

  /** @param path an API path @return the reply for it, or {@code null} when it is not a docs path */
  JsonObject reply(String path) {
    JsonObject reply = replies.get(path);
    return reply == null ? null : reply.copy();
  }

  private static JsonObject reply(Buffer body, String type) {
    // Encoded once here, decoded by the gateway per request.
    return new JsonObject().put(ApiEnvelope.STATUS, 200)
      .put(ApiEnvelope.HEADERS, new JsonObject().put("content-type", type).put("cache-control", "public, max-age=3600"))
      .put(ApiEnvelope.BODY_BASE64, Base64.getEncoder().encodeToString(body.getBytes()));
  }

  private static String webjarVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        throw new IOException("the swagger-ui webjar is not on the class path (" + POM_PROPERTIES + ")");
      }
      properties.load(in);
    }
    return properties.getProperty("version");
  }

  private static Buffer read(String root, String name) throws IOException {
    try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(root + name)) {
      if (in == null) {
        throw new IOException("swagger-ui file missing from the class path: " + root + name);
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }
}
