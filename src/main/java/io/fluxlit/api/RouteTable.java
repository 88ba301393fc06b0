package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routes extensions registered, owned by the API verticle (one table per JVM, touched on its
 * event loop only). A route maps {@code METHOD /template} to the event-bus address of the
 * extension serving it. Several owners may serve one route on the same address (replicas, which
 * the event bus balances); a different address for a route someone else serves is refused with a
 * WARNING, unless that registration went stale (its owner stopped refreshing it: killed JVM).
 */
final class RouteTable {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.api");

  /** One registered route. */
  static final class Route {
    final String method;
    final RouteTemplate template;
    final String address;
    final String summary;
    final RouteAccess access;
    final Map<String, Long> owners = new LinkedHashMap<>();

    Route(String method, RouteTemplate template, String address, String summary, RouteAccess access) {
      this.method = method;
      this.template = template;
      this.address = address;
      this.summary = summary;
      this.access = access;
    }
  }

  /** A route that matched a request, with its path parameters. */
  record Match(Route route, Map<String, String> params) {
  }

  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final long staleAfterMs;

  RouteTable(long staleAfterMs) {
    this.staleAfterMs = staleAfterMs;
  }

  /**
   * Applies one announcement from {@link Addresses#API_ROUTES}: a registration or
   * an owner's withdrawal ({@link ExtensionProtocol}).
   *
   * @param announcement the message body
   * @param now the current time in ms
   */
  void apply(JsonObject announcement, long now) {
    if (ExtensionProtocol.UNREGISTER.equals(announcement.getString(ExtensionProtocol.ACTION))) {
      unregister(announcement.getString(ExtensionProtocol.OWNER));
    } else {
      register(announcement, now);
    }
  }

  /**
   * Applies one registration message (see {@link ExtensionProtocol} and docs/extensions.md).
   *
   * @param registration {@code {owner, address, routes: [{method, path, summary}]}}
   * @param now the current time in ms
   */
  private void register(JsonObject registration, long now) {
    String owner = registration.getString(ExtensionProtocol.OWNER);
    String address = registration.getString(ExtensionProtocol.ADDRESS);
    JsonArray specs = registration.getJsonArray(ExtensionProtocol.ROUTES, new JsonArray());
    for (int i = 0; i < specs.size(); i++) {
      JsonObject spec = specs.getJsonObject(i);
      String method = spec.getString(ExtensionProtocol.METHOD, "GET").toUpperCase(Locale.ROOT);
      RouteTemplate template;
      try {
        template = RouteTemplate.parse(spec.getString(ExtensionProtocol.PATH));
      } catch (IllegalArgumentException e) {
        LOG.warn("extension route refused from {}: {}", owner, e.getMessage());
        continue;
      }
      String key = ExtensionProtocol.routeKey(method, template.template());
      Route existing = routes.get(key);
      if (existing != null && !existing.address.equals(address)) {
        existing.owners.values().removeIf(seen -> now - seen > staleAfterMs);
        if (!existing.owners.isEmpty()) {
          if (!existing.owners.containsKey(owner)) {
            LOG.warn("extension route {} refused for address {}: already served by {} (unregister it first)",
              key, address, existing.address);
          }
          continue;
        }
        existing = null;
      }
      if (existing == null) {
        existing = new Route(method, template, address, spec.getString(ExtensionProtocol.SUMMARY, ""),
          RouteAccess.fromJson(spec.getJsonObject(ExtensionProtocol.ACCESS)));
        routes.put(key, existing);
        LOG.info("extension route {} -> {}", key, address);
      }
      existing.owners.put(owner, now);
    }
  }

  /** Forgets an owner (an extension that stopped); routes nobody serves any more go away. */
  private void unregister(String owner) {
    routes.values().removeIf(route -> route.owners.remove(owner) != null && route.owners.isEmpty());
  }

  /**
   * @param method the request method
   * @param path the API path
   * @return the match, or {@code null}
   */
  Match find(String method, String path) {
    String wanted = "HEAD".equals(method) ? "GET" : method;
    for (Route route : routes.values()) {
      if (route.method.equals(wanted)) {
        Map<String, String> params = route.template.match(path);
        if (params != null) {
          return new Match(route, params);
        }
      }
    }
    return null;
  }

  /** @return the methods registered for a path, for 405 answers */
  List<String> methodsFor(String path) {
    List<String> methods = new ArrayList<>();
    for (Route route : routes.values()) {
      if (route.template.match(path) != null && !methods.contains(route.method)) {
        methods.add(route.method);
      }
    }
    return methods;
  }

  /** @return every route, in registration order */
  List<Route> all() {
    return List.copyOf(routes.values());
  }
}
