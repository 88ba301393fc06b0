package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayDeque;

/**
 * The last {@value #SIZE} dispatches, process-wide (debug mode only). Shared by
 * all gateway instances through Vert.x local shared data, hence {@link Shareable} and locked.
 */
final class DebugRing implements Shareable {

  static final int SIZE = 32;

  private final ArrayDeque<JsonObject> entries = new ArrayDeque<>(SIZE);

  /** @param user the signed-in user's id (docs/auth.md), or the empty string: no {@code user} entry */
  synchronized void add(String requestId, Dispatch dispatch, String path, String user) {
    if (entries.size() == SIZE) {
      entries.removeFirst();
    }
    JsonObject entry = new JsonObject().put("request_id", requestId).put("dispatch", dispatch.label()).put("path", path);
    if (!user.isEmpty()) {
      entry.put("user", user);
    }
    entries.addLast(entry);
  }

  /** @return the entries, oldest first */
  synchronized JsonArray snapshot() {
    JsonArray array = new JsonArray();
    entries.forEach(e -> array.add(e.copy()));
    return array;
  }
}
