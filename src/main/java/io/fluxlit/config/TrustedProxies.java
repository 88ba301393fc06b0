package io.fluxlit.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The peers whose {@code X-Forwarded-*} headers are trusted ({@code FLUXLIT_FORWARDED_ALLOW_IPS}). */
public final class TrustedProxies {

  private final boolean any;
  private final Set<String> addresses;

  private TrustedProxies(boolean any, Set<String> addresses) {
    this.any = any;
    this.addresses = addresses;
  }

  /**
   * @param list comma-separated addresses or {@code *}
   * @return the parsed list
   * @throws IllegalArgumentException when an entry is not an IP address
   */
  public static TrustedProxies parse(String list) {
    List<String> entries = List.of(list == null ? new String[0] : list.split(","))
      .stream().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    if (entries.contains("*")) {
      return new TrustedProxies(true, Set.of());
    }
    Set<String> normalised = new HashSet<>();
    for (String entry : entries) {
      String ip = canonical(entry);
      if (ip == null) {
        throw new IllegalArgumentException(entry);
      }
      normalised.add(ip);
    }
    return new TrustedProxies(false, Set.copyOf(normalised));
  }

  /**
   * @param address a peer's IP address as text
   * @return whether its forwarding headers are trusted
   */
  public boolean trusts(String address) {
    return any || address != null && addresses.contains(canonical(address));
  }

  /** One spelling per address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike); null if not an IP literal. */
  private static String canonical(String literal) {
    if (literal == null || !literal.matches("[0-9a-fA-F:.]+") || !literal.contains(".") && !literal.contains(":")) {
      return null;
    }
    try {
      // An IP literal is parsed without any name lookup.
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
