package io.fluxlit.bench.scg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spring Cloud Gateway as a benchmark peer of the FluxLit gateway: the routes and the header work
 * are in application.yml; the one thing it has no built-in filter for is generating a request ID,
 * sending it upstream and echoing it, which {@link #requestId()} does (as nginx's $request_id
 * and the gateway do).
 */
@SpringBootApplication
public class ScgPeer {

  /** The header the gateway, nginx, HAProxy and Caddy use for the generated request ID. */
  static final String REQUEST_ID = "X-Request-ID";

  public static void main(String[] args) {
    SpringApplication.run(ScgPeer.class, args);
  }

  /** A random UUID per request, as a request header upstream and a response header back. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  GlobalFilter requestId() {
    return (exchange, chain) -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      // Not UUID.randomUUID(): its SecureRandom is a shared lock on every request.
      String id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
        (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
      ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(REQUEST_ID, id)).build();
      exchange.getResponse().getHeaders().set(REQUEST_ID, id);
      return chain.filter(exchange.mutate().request(request).build());
    };
  }
}
