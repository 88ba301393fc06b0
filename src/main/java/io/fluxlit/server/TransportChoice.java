package io.fluxlit.server;

import io.vertx.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks Netty's transport for the process from {@code FLUXLIT_GATEWAY_TRANSPORT}
 * (docs/configuration.md): {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}. A choice
 * this machine cannot run (another OS, a kernel or seccomp profile without io_uring, a missing
 * native library) falls back to the next one, NIO last, with one log line saying why; the start
 * goes on.
 */
final class TransportChoice {

  /**
   * What {@code auto} tries, in order: the transport that measured best (docs/performance.md,
   * tuning log), then the others.
   */
  private static final List<String> AUTO = List.of("epoll", "io_uring", "nio");

  private TransportChoice() {
  }

  /**
   * @param setting a validated value of {@code FLUXLIT_GATEWAY_TRANSPORT}
   * @return the transport to build Vert.x with; logged once
   */
  static Transport resolve(String setting) {
    Logger log = LoggerFactory.getLogger("fluxlit");
    List<String> order = new ArrayList<>(setting.equals("auto") ? AUTO : List.of(setting));
    if (!order.contains("epoll")) {
      order.add("epoll");
    }
    if (!order.contains("nio")) {
      order.add("nio");
    }
    List<String> unavailable = new ArrayList<>();
    for (String name : order) {
      Transport transport = byName(name);
      if (transport != null && transport.available()) {
        if (!unavailable.isEmpty() && !setting.equals("auto")) {
          log.warn("FLUXLIT_GATEWAY_TRANSPORT={} is not available here ({}); using {}", setting,
            String.join("; ", unavailable), name);
        } else {
          log.info("network transport: {} (FLUXLIT_GATEWAY_TRANSPORT={}{})", name, setting,
            unavailable.isEmpty() ? "" : "; not available: " + String.join("; ", unavailable));
        }
        return transport;
      }
      unavailable.add(name + ": " + cause(transport));
    }
    return Transport.NIO; // NIO is always available; not reached
  }

  private static Transport byName(String name) {
    return switch (name) {
      case "io_uring" -> Transport.IO_URING;
      case "epoll" -> Transport.EPOLL;
      default -> Transport.NIO;
    };
  }

  private static String cause(Transport transport) {
    if (transport == null) {
      return "no such transport in this Vert.x";
    }
    Throwable cause = transport.unavailabilityCause();
    return cause == null ? "unavailable" : String.valueOf(cause.getMessage());
  }
}
