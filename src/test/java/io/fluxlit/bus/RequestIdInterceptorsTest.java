package io.fluxlit.bus;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event bus carries the request ID by itself: senders add nothing, consumers bind nothing,
 * and the ID a consumer sees is the one of the message it handles, on that message's context.
 */
@ExtendWith(VertxExtension.class)
class RequestIdInterceptorsTest {

  private static final String ADDRESS = "test.request-id";

  @BeforeEach
  void install(Vertx vertx) {
    RequestIdInterceptors.install(vertx);
    // Installing twice must not add the header twice.
    RequestIdInterceptors.install(vertx);
    vertx.eventBus().<String>consumer(ADDRESS, message -> message.reply(RequestId.current() + " "
      + message.headers().getAll(RequestId.HEADER).size() + " "
      + ((ContextInternal) Vertx.currentContext()).isDuplicate()));
  }

  @Test
  void eachConsumerSeesTheIdOfItsOwnMessageUnderConcurrency(Vertx vertx) {
    List<Future<String>> replies = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "id-" + i;
      replies.add(onRequestContext(vertx, id, () -> vertx.eventBus().<String>request(ADDRESS, "hi").map(Message::body)));
    }
    for (int i = 0; i < 40; i++) {
      assertThat(replies.get(i).await()).isEqualTo("id-" + i + " 1 true");
    }
  }

  @Test
  void aMessageSentOutsideAnyRequestCarriesNoId(Vertx vertx) {
    assertThat(vertx.eventBus().<String>request(ADDRESS, "hi").await().body()).isEqualTo("null 0 true");
  }

  @Test
  void anIdTheSenderSetItselfIsKept(Vertx vertx) {
    String reply = onRequestContext(vertx, "mine", () -> vertx.eventBus().<String>request(ADDRESS, "hi",
      new DeliveryOptions().addHeader(RequestId.HEADER, "explicit")).map(Message::body)).await();
    assertThat(reply).isEqualTo("explicit 1 true");
  }

  @Test
  void theReplyLeavesTheSendersExchangeInPlace(Vertx vertx) {
    Exchange[] seen = new Exchange[2];
    onRequestContext(vertx, "sender", () -> {
      seen[0] = Exchange.current();
      return vertx.eventBus().<String>request(ADDRESS, "hi").map(reply -> {
        seen[1] = Exchange.current();
        return reply.body();
      });
    }).await();
    assertThat(seen[1]).isSameAs(seen[0]);
  }

  /** Runs {@code action} on a fresh duplicated context with an exchange of {@code id}, as the gateway does. */
  private static <T> Future<T> onRequestContext(Vertx vertx, String id, Supplier<Future<T>> action) {
    Context context = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      Exchange.ofId(id).bindTo(context);
      action.get().onComplete(result);
    });
    return result.future();
  }
}
