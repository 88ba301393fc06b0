package io.fluxlit.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's Java tools, one jar:
 *
 * <pre>
 * fixture    --port P[,P...] [--event-loops N]                the upstream: /small /large /echo /headers, WebSocket echo
 * ws-echo    --url U --connections N --duration S [--warmup S] [--size B]   round-trip echo rate and latency
 * ws-connect --url U --concurrency N --duration S [--warmup S]  connect+close rate and latency
 * ws-hold    --url U --count N                                  opens N sessions, prints "open N", holds them until killed
 * crowd      --url U --urls FILE [--browsers N] [--warmup W]    N first visits at once, 6 connections each (W discarded crowds first)
 * </pre>
 *
 * Results are one line: {@code rate=… p50_us=… p99_us=… count=… errors=…}.
 */
public final class Tools {

  private Tools() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: fixture | ws-echo | ws-connect | ws-hold | crowd [--option value]...");
      System.exit(2);
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    switch (args[0]) {
      case "fixture" -> Fixture.run(options);
      case "ws-echo", "ws-connect", "ws-hold" -> WsLoad.run(args[0], options);
      case "crowd" -> Crowd.run(options);
      default -> {
        System.err.println("unknown tool " + args[0]);
        System.exit(2);
      }
    }
  }

  static int intOption(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  static double doubleOption(Map<String, String> options, String name, double fallback) {
    String value = options.get(name);
    return value == null ? fallback : Double.parseDouble(value);
  }
}
