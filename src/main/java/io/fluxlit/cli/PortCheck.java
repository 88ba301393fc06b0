package io.fluxlit.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** {@code doctor}'s port rows: the port can be bound on the configured address right now. */
final class PortCheck {

  private PortCheck() {
  }

  /**
   * @param name the row's name
   * @param host the bind address
   * @param port the port; 0 means one is picked at start
   * @param what the setting, for the detail
   * @return the row
   */
  static DoctorCheck check(String name, String host, int port, String what) {
    if (port == 0) {
      return DoctorCheck.pass(name, what + "=0: a free port is picked at start");
    }
    try (ServerSocket socket = new ServerSocket()) {
      // Vert.x binds with SO_REUSEADDR too, so a port in TIME_WAIT is not reported as taken.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return DoctorCheck.pass(name, host + ":" + port + " is free");
    } catch (IOException e) {
      return DoctorCheck.fail(name, "cannot listen on " + host + ":" + port + " (" + e.getMessage()
        + "): another process has it, or change " + what);
    }
  }
}
