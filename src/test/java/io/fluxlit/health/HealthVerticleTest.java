package io.fluxlit.health;

import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A readiness question is always answered, at once, even when the check itself breaks. */
@ExtendWith(VertxExtension.class)
class HealthVerticleTest {

  @Test
  void aCheckThatBreaksIsAnswered503AtOnce(Vertx vertx) {
    // A detail that is no string makes turning the result into a reply fail.
    vertx.deployVerticle(new HealthVerticle(Settings.defaults(), null,
      promise -> promise.complete(Status.KO(new JsonObject().put("detail", 42))))).await();
    long started = System.nanoTime();
    JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.HEALTH_READY, null,
      new DeliveryOptions().setSendTimeout(10_000)).await().body();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
    assertThat(reply.getInteger("status")).isEqualTo(503);
    assertThat(reply.getJsonObject("body").getString("status")).isEqualTo("not_ready");
  }
}
