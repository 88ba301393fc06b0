package io.fluxlit.docs;

import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.testing.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started here (no Docker engine on these machines), so this checks
 * what can be checked: it parses, every variable is a real and valid setting, every referenced
 * file exists, only the gateway publishes a port, and the gateway's healthcheck command really
 * works against a real gateway.
 */
@ExtendWith(VertxExtension.class)
class ComposeFileTest {

  private static Path root() {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    return Path.of(dir != null ? dir : System.getProperty("user.dir"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(root().resolve("docker-compose.yml")));
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws Exception {
    return (Map<String, Object>) services().get(name);
  }

  @Test
  void hasAStreamlitAndAGatewayAndPublishesOnlyTheGateway() throws Exception {
    assertThat(services().keySet()).containsExactlyInAnyOrder("streamlit", "gateway");
    assertThat(service("streamlit")).doesNotContainKey("ports");
    assertThat((List<String>) service("gateway").get("ports")).containsExactly("8000:8000");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service("gateway").get("depends_on");
    assertThat(dependsOn.get("streamlit").get("condition")).isEqualTo("service_healthy");
    assertThat(service("streamlit")).containsKey("healthcheck");
    assertThat(service("gateway")).containsKey("healthcheck");
  }

  @Test
  void everyGatewayVariableIsAValidSetting() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> environment = (Map<String, Object>) service("gateway").get("environment");
    Set<String> known = Setting.values().stream().map(Setting::envName).collect(Collectors.toSet());
    assertThat(known).containsAll(environment.keySet());
    Map<String, String> env = environment.entrySet().stream()
      .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    Settings settings = ResolvedSettings.resolve(env, Map.of()).settings();
    assertThat(settings.upstream().url()).isEqualTo("http://streamlit:8501");
    assertThat(settings.gateway().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void everyReferencedFileExistsAndTheCommandIsTheCli() throws Exception {
    for (String name : List.of("streamlit", "gateway")) {
      @SuppressWarnings("unchecked")
      Map<String, String> build = (Map<String, String>) service(name).get("build");
      Path dockerfile = root().resolve(build.get("context")).resolve(build.get("dockerfile"));
      assertThat(dockerfile).isRegularFile();
      for (String line : Files.readAllLines(dockerfile)) {
        if (line.startsWith("COPY ")) {
          String source = line.split("\\s+")[1];
          if (!source.startsWith("target/")) {
            assertThat(root().resolve(source)).as(line).exists();
          }
        }
      }
    }
    String gatewayDockerfile = Files.readString(root().resolve("conf/docker/Dockerfile"));
    // The jar the Dockerfile copies is the one the build produces (shade finalName).
    assertThat(gatewayDockerfile).contains("COPY target/fluxlit.jar");
    assertThat(Files.readString(root().resolve("pom.xml"))).contains("<finalName>fluxlit</finalName>");
    assertThat(gatewayDockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/fluxlit.jar\"]");
    assertThat((List<String>) service("gateway").get("command")).containsExactly("run");
  }

  @Test
  void theGatewayHealthcheckPassesAgainstAReadyGatewayAndFailsAgainstNone(Vertx vertx) throws Exception {
    @SuppressWarnings("unchecked")
    List<String> test = (List<String>) ((Map<String, Object>) service("gateway").get("healthcheck")).get("test");
    // CMD-SHELL, one string: the form both Docker Compose and podman-compose 1.0.3 run as written.
    assertThat(test).hasSize(2).first().isEqualTo("CMD-SHELL");
    assertThat(test.get(1)).startsWith("bash -c ");
    String script = test.get(1);
    try (Gateway gateway = Gateway.start(vertx, new JsonObject())) {
      assertThat(run(script.replace("/8000", "/" + gateway.port()))).isZero();
    }
    assertThat(run(script.replace("/8000", "/" + TestEnvironment.freePort()))).isNotZero();
  }

  private static int run(String script) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
