package io.fluxlit.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route path template such as {@code /users/:id}: literal segments and {@code :name}
 * parameters, matched segment by segment against a normalised API path. Written by hand because
 * matching happens on event-bus messages, where vertx-web's Router (built for HTTP requests)
 * does not apply.
 */
public final class RouteTemplate {

  private final String template;
  private final String[] segments;

  private RouteTemplate(String template, String[] segments) {
    this.template = template;
    this.segments = segments;
  }

  /**
   * @param template {@code /literal/:param/...}
   * @return the parsed template
   * @throws IllegalArgumentException for an empty parameter name or a missing leading slash
   */
  public static RouteTemplate parse(String template) {
    if (template == null || !template.startsWith("/")) {
      throw new IllegalArgumentException("a route path must start with /: " + template);
    }
    String trimmed = template.length() > 1 && template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
    String[] segments = trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(":")) {
        throw new IllegalArgumentException("empty segment or parameter name in route path " + template);
      }
    }
    return new RouteTemplate(trimmed, segments);
  }

  /**
   * @param path an API path (mount removed), e.g. {@code /users/42}
   * @return the parameters when it matches (decoded), else {@code null}
   */
  public Map<String, String> match(String path) {
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] parts = trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments[i];
      if (segment.startsWith(":")) {
        params.put(segment.substring(1), decode(parts[i]));
      } else if (!segment.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  /** @return the parameter names, in order */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (String segment : segments) {
      if (segment.startsWith(":")) {
        names.add(segment.substring(1));
      }
    }
    return names;
  }

  /** @return the OpenAPI spelling, {@code /users/{id}} */
  public String openApiPath() {
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(segment.startsWith(":") ? "{" + segment.substring(1) + "}" : segment);
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /** @return the template as registered (without a trailing slash) */
  public String template() {
    return template;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
