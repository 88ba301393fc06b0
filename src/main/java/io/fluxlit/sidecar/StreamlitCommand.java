package io.fluxlit.sidecar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts the managed Streamlit
 * (docs/configuration.md#the-managed-streamlit-process): headless, on loopback, on the given
 * port, CORS off on that private hop (the gateway checks WebSocket origins itself), no usage
 * stats, the public sub-path as {@code baseUrlPath}, and the user's extra arguments last.
 * Streamlit's XSRF protection stays on unless {@code FLUXLIT_STREAMLIT_XSRF_PROTECTION} is off
 * (the Python FluxLit always turns it off). Behind the sign-in gate, Streamlit reads the user from
 * the gateway's headers ({@code server.trustedUserHeaders}), so that {@code st.user} names them.
 */
public final class StreamlitCommand {

  private StreamlitCommand() {
  }

  /**
   * @param python the interpreter
   * @param script the Streamlit script
   * @param port the loopback port
   * @param rootPath the public sub-path, or the empty string
   * @param xsrfProtection whether Streamlit keeps its XSRF protection ({@code FLUXLIT_STREAMLIT_XSRF_PROTECTION})
   * @param extraArgs the user's extra arguments (already checked)
   * @return the full command
   */
  public static List<String> build(String python, String script, int port, String rootPath, boolean xsrfProtection,
                                   List<String> extraArgs) {
    return build(python, script, "127.0.0.1", port, rootPath, xsrfProtection, null, extraArgs);
  }

  /**
   * @param python the interpreter
   * @param script the Streamlit script
   * @param host the address to bind: loopback, except for a {@code worker} that gateways on other
   *     hosts reach (docs/scaling.md#workers-on-other-hosts)
   * @param port the port
   * @param rootPath the public sub-path, or the empty string
   * @param xsrfProtection whether Streamlit keeps its XSRF protection ({@code FLUXLIT_STREAMLIT_XSRF_PROTECTION})
   * @param trustedUserHeaders {@code server.trustedUserHeaders} (header → {@code st.user} key, JSON)
   *     when the sign-in gate sends the user (docs/auth.md#identity-in-the-app), else {@code null}
   * @param extraArgs the user's extra arguments (already checked)
   * @return the full command
   */
  public static List<String> build(String python, String script, String host, int port, String rootPath,
                                   boolean xsrfProtection, String trustedUserHeaders, List<String> extraArgs) {
    List<String> command = new ArrayList<>(List.of(
      python, "-m", "streamlit", "run", script,
      "--server.headless", "true",
      "--server.address", host,
      "--server.port", Integer.toString(port)));
    if (!xsrfProtection) {
      command.addAll(List.of("--server.enableXsrfProtection", "false"));
    }
    command.addAll(List.of(
      "--server.enableCORS", "false",
      "--browser.gatherUsageStats", "false"));
    if (!rootPath.isEmpty()) {
      command.add("--server.baseUrlPath");
      command.add(rootPath);
    }
    if (trustedUserHeaders != null) {
      command.add("--server.trustedUserHeaders");
      command.add(trustedUserHeaders);
    }
    command.addAll(extraArgs);
    return command;
  }

  /**
   * The interpreter: {@code FLUXLIT_STREAMLIT_PYTHON}, else {@code .venv/bin/python} in the
   * working directory when present, else {@code python3}.
   *
   * @param configured the configured interpreter, may be empty
   * @param workingDir the working directory
   * @return the interpreter to run
   */
  public static String python(String configured, Path workingDir) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path venv = workingDir.resolve(".venv/bin/python");
    return Files.isExecutable(venv) ? venv.toString() : "python3";
  }

  /**
   * The API base the Streamlit code can call, on loopback: a wildcard bind address becomes the
   * loopback address of the same family; IPv6 is bracketed.
   *
   * @param gatewayHost the gateway's bind address
   * @param gatewayPort the gateway's port
   * @param rootPath public sub-path
   * @param apiMount the API mount
   * @return e.g. {@code http://127.0.0.1:8000/api}
   */
  public static String internalApiBase(String gatewayHost, int gatewayPort, String rootPath, String apiMount) {
    String host = gatewayHost;
    if (host.equals("0.0.0.0") || host.isEmpty()) {
      host = "127.0.0.1";
    } else if (host.equals("::") || host.equals("[::]")) {
      host = "::1";
    }
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + gatewayPort + rootPath + apiMount;
  }
}
