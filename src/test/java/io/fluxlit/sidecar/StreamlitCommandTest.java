package io.fluxlit.sidecar;

import io.fluxlit.gateway.signin.IdentityHeaders;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamlitCommandTest {

  @Test
  void keepsXsrfProtectionOnAndPutsExtraArgumentsLast() {
    assertThat(StreamlitCommand.build("py", "app.py", 1234, "", true, List.of("--theme.base", "dark"))).containsExactly(
      "py", "-m", "streamlit", "run", "app.py",
      "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", "1234",
      "--server.enableCORS", "false",
      "--browser.gatherUsageStats", "false", "--theme.base", "dark");
  }

  @Test
  void turnsXsrfProtectionOffAsThePythonFluxLitDoesWhenAsked() {
    assertThat(StreamlitCommand.build("py", "app.py", 1234, "", false, List.of())).containsExactly(
      "py", "-m", "streamlit", "run", "app.py",
      "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", "1234",
      "--server.enableXsrfProtection", "false", "--server.enableCORS", "false",
      "--browser.gatherUsageStats", "false");
  }

  @Test
  void passesThePublicSubPathAsBaseUrlPath() {
    List<String> command = StreamlitCommand.build("py", "app.py", 1, "/myapp", true, List.of());
    assertThat(command).containsSequence("--server.baseUrlPath", "/myapp");
  }

  @Test
  void mapsTheGatewaysIdentityHeadersIntoStUserBeforeTheUsersArguments() {
    List<String> command = StreamlitCommand.build("py", "app.py", "127.0.0.1", 1, "", true,
      IdentityHeaders.STREAMLIT_MAPPING, List.of("--theme.base", "dark"));
    assertThat(command).containsSequence("--server.trustedUserHeaders", IdentityHeaders.STREAMLIT_MAPPING,
      "--theme.base", "dark");
    assertThat(new JsonObject(IdentityHeaders.STREAMLIT_MAPPING).getString("X-Forwarded-Email")).isEqualTo("email");
    assertThat(StreamlitCommand.build("py", "app.py", 1, "", true, List.of())).doesNotContain("--server.trustedUserHeaders");
  }

  @Test
  void choosesTheInterpreter(@TempDir Path dir) throws Exception {
    assertThat(StreamlitCommand.python("/opt/py", dir)).isEqualTo("/opt/py");
    assertThat(StreamlitCommand.python("", dir)).isEqualTo("python3");
    Path venv = dir.resolve(".venv/bin/python");
    Files.createDirectories(venv.getParent());
    Files.createFile(venv);
    venv.toFile().setExecutable(true);
    assertThat(StreamlitCommand.python("", dir)).isEqualTo(venv.toString());
  }

  @Test
  void givesALoopbackSafeInternalApiBase() {
    assertThat(StreamlitCommand.internalApiBase("0.0.0.0", 8000, "", "/api")).isEqualTo("http://127.0.0.1:8000/api");
    assertThat(StreamlitCommand.internalApiBase("::", 8000, "", "/api")).isEqualTo("http://[::1]:8000/api");
    assertThat(StreamlitCommand.internalApiBase("::1", 8000, "/m", "/api")).isEqualTo("http://[::1]:8000/m/api");
    assertThat(StreamlitCommand.internalApiBase("127.0.0.1", 9, "", "/x")).isEqualTo("http://127.0.0.1:9/x");
  }
}
