package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;

/**
 * The last {@value #SIZE} dispatches, process-wide (debug mode only). Shared by all gateway
 * instances ({@link SharedState}), hence locked.
 */
final class DebugRing {

  static final int SIZE = 32;

  private final ArrayDeque<JsonObject> entries = new ArrayDeque<>(SIZE);

  synchronized void add(String requestId, Dispatch dispatch, String path) {
    if (entries.size() == SIZE) {
      entries.removeFirst();
    }
    entries.addLast(new JsonObject().put("request_id", requestId).put("dispatch", dispatch.label()).put("path", path));
  }

  /**
   * Names the signed-in caller of a dispatch still in the ring (its user ID, never a token).
   *
   * @param requestId the dispatch's request ID
   * @param userId the caller's user ID
   */
  synchronized void signedIn(String requestId, String userId) {
    for (JsonObject entry : entries) {
      if (requestId.equals(entry.getString("request_id"))) {
        entry.put("user_id", userId);
      }
    }
  }

  /** @return the entries, oldest first */
  synchronized JsonArray snapshot() {
    JsonArray array = new JsonArray();
    entries.forEach(e -> array.add(e.copy()));
    return array;
  }
}
