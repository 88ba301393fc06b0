package io.fluxlit.api.auth;

import io.vertx.core.Future;
import io.vertx.ext.auth.jwt.JWTAuth;

/** Where a {@link TokenVerifier} gets its verifying keys: fixed (a shared secret) or a fetched {@link KeySet}. */
interface KeySource {

  /** @return a JWTAuth holding the current keys; fails with {@link Refusal#KEYS_UNAVAILABLE} when there are none */
  Future<JWTAuth> current();

  /**
   * Asked when a token names a key that is not known: fetch the keys again if allowed now.
   *
   * @return true when newer keys were fetched (worth another try), false when not refetched
   */
  Future<Boolean> refetch();

  /**
   * @param auth fixed keys
   * @return a source that never changes
   */
  static KeySource fixed(JWTAuth auth) {
    return new KeySource() {
      @Override
      public Future<JWTAuth> current() {
        return Future.succeededFuture(auth);
      }

      @Override
      public Future<Boolean> refetch() {
        return Future.succeededFuture(false);
      }
    };
  }
}
