package io.fluxlit.architecture;

import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A Vert.x module the pom declares is one some code imports: a declared dependency no code uses is a defect. */
class DeclaredDependenciesTest {

  /** Each module's package; a module declared in the pom but missing here fails the test too. */
  private static final Map<String, String> PACKAGES = Map.of(
    "vertx-core", "io.vertx.core",
    "vertx-web", "io.vertx.ext.web",
    "vertx-http-proxy", "io.vertx.httpproxy",
    "vertx-health-check", "io.vertx.ext.healthchecks",
    "vertx-launcher-application", "io.vertx.launcher.application",
    "vertx-hazelcast", "io.vertx.spi.cluster.hazelcast",
    "vertx-micrometer-metrics", "io.vertx.micrometer",
    "vertx-auth-jwt", "io.vertx.ext.auth.jwt",
    "vertx-auth-oauth2", "io.vertx.ext.auth.oauth2",
    "vertx-junit5", "io.vertx.junit5");

  private static final Pattern VERTX_MODULE =
    Pattern.compile("<groupId>io\\.vertx</groupId>\\s*<artifactId>(vertx-[\\w-]+)</artifactId>(?!\\s*<type>pom)");

  @Test
  void everyDeclaredVertxModuleIsImported() throws IOException {
    Path project = TestEnvironment.projectDir();
    String pom = Files.readString(project.resolve("pom.xml"));
    String sources = sources(project.resolve("src"));
    List<String> unused = new ArrayList<>();
    Matcher module = VERTX_MODULE.matcher(pom);
    while (module.find()) {
      String artifact = module.group(1);
      if (artifact.equals("vertx-stack-depchain")) {
        continue;
      }
      String pkg = PACKAGES.get(artifact);
      if (pkg == null || !sources.contains("import " + pkg + ".")) {
        unused.add(artifact);
      }
    }
    assertThat(unused).as("declared in pom.xml, imported nowhere in src/").isEmpty();
  }

  private static String sources(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }
}
