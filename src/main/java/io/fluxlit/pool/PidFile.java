package io.fluxlit.pool;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where a running gateway leaves its process ID for the {@code reload} command: one file per
 * public port in the temporary directory ({@code fluxlit-8000.pid}), so the command needs no
 * more than the port the gateway was started with. Removed when the JVM exits.
 */
public final class PidFile {

  private PidFile() {
  }

  /**
   * @param port the gateway's public port
   * @return the pid file of the gateway on that port
   */
  public static Path path(int port) {
    return Path.of(System.getProperty("java.io.tmpdir"), "fluxlit-" + port + ".pid");
  }

  /**
   * Writes this JVM's pid for the port (best effort: a reload by signal still works without it).
   *
   * @param port the gateway's public port
   */
  public static void write(int port) {
    Path file = path(port);
    try {
      Files.writeString(file, ProcessHandle.current().pid() + "\n");
      file.toFile().deleteOnExit();
    } catch (IOException e) {
      LoggerFactory.getLogger("fluxlit").warn("cannot write {} ({}): the reload command will not find"
        + " this gateway; send SIGHUP to pid {} instead", file, e.toString(), ProcessHandle.current().pid());
    }
  }

  /**
   * @param port a gateway's public port
   * @return the pid written for it, if any
   */
  public static OptionalLong read(int port) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(path(port)).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
