package io.fluxlit.api;

import io.vertx.core.json.JsonObject;

/** The OpenAPI 3.1 document served at {@code {mount}/openapi.json}; probes are not listed. */
public final class OpenApiDocument {

  private OpenApiDocument() {
  }

  /**
   * @param mount the API mount, the document's server URL
   * @return the document when no extension routes are registered (the reference's fixture)
   */
  public static JsonObject empty(String mount) {
    return new JsonObject()
      .put("openapi", "3.1.0")
      .put("info", new JsonObject().put("title", "FluxLit").put("version", "0.1.0"))
      .put("paths", new JsonObject())
      .put("servers", new io.vertx.core.json.JsonArray().add(new JsonObject().put("url", mount)));
  }
}
