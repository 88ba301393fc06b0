package io.fluxlit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/** The OpenAPI 3.1 document served at {@code {mount}/openapi.json}; probes are not listed. */
public final class OpenApiDocument {

  /** The name of the bearer-token security scheme routes that need a caller refer to. */
  private static final String BEARER = "bearerAuth";

  private OpenApiDocument() {
  }

  /**
   * @param mount the API mount, the document's server URL
   * @param routes the registered extension routes
   * @return the document listing them (the probes are not listed)
   */
  static JsonObject of(String mount, List<RouteTable.Route> routes) {
    JsonObject doc = empty(mount);
    JsonObject paths = doc.getJsonObject("paths");
    for (RouteTable.Route route : routes) {
      JsonObject item = paths.getJsonObject(route.template.openApiPath());
      if (item == null) {
        item = new JsonObject();
        paths.put(route.template.openApiPath(), item);
      }
      JsonArray parameters = new JsonArray();
      for (String name : route.template.parameterNames()) {
        parameters.add(new JsonObject().put("name", name).put("in", "path").put("required", true)
          .put("schema", new JsonObject().put("type", "string")));
      }
      JsonObject operation = new JsonObject()
        .put("responses", new JsonObject().put("200", new JsonObject().put("description", "OK")));
      if (!route.summary.isEmpty()) {
        operation.put("summary", route.summary);
      }
      if (!parameters.isEmpty()) {
        operation.put("parameters", parameters);
      }
      if (route.access.signedIn()) {
        // Swagger UI's Authorize button then sends the token (docs/auth.md#jwt-on-the-api).
        operation.put("security", new JsonArray().add(new JsonObject().put(BEARER, new JsonArray(route.access.scopes()))));
        operation.getJsonObject("responses").put("401", new JsonObject().put("description", "Missing or invalid bearer token"))
          .put("403", new JsonObject().put("description", "Insufficient scope or role"));
        doc.put("components", new JsonObject().put("securitySchemes", new JsonObject().put(BEARER,
          new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))));
      }
      item.put(route.method.toLowerCase(Locale.ROOT), operation);
    }
    return doc;
  }

  /**
   * @param mount the API mount, the document's server URL
   * @return the document when no extension routes are registered (docs/architecture.md#differences)
   */
  public static JsonObject empty(String mount) {
    return new JsonObject()
      .put("openapi", "3.1.0")
      .put("info", new JsonObject().put("title", "FluxLit").put("version", "0.1.0"))
      .put("paths", new JsonObject())
      .put("servers", new JsonArray().add(new JsonObject().put("url", mount)));
  }
}
