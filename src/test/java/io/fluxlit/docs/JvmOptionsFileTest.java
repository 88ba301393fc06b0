package io.fluxlit.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * conf/jvm.options is the one list of the gateway's recommended JVM options (scripts and the
 * benchmark read it); the image cannot read a file before the JVM starts, so its Dockerfile
 * repeats the list in {@code JDK_JAVA_OPTIONS}. This keeps the two word for word alike.
 */
class JvmOptionsFileTest {

  private static Path root() {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    return Path.of(dir != null ? dir : System.getProperty("user.dir"));
  }

  private static List<String> optionsFile() throws Exception {
    return Files.readAllLines(root().resolve("conf/jvm.options")).stream()
      .map(String::strip)
      .filter(line -> !line.isEmpty() && !line.startsWith("#"))
      .toList();
  }

  @Test
  void theImageLaunchesWithExactlyTheOptionsOfConfJvmOptions() throws Exception {
    String dockerfile = Files.readString(root().resolve("conf/docker/Dockerfile"));
    Matcher m = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
    assertThat(m.find()).as("JDK_JAVA_OPTIONS in conf/docker/Dockerfile").isTrue();
    assertThat(Arrays.asList(m.group(1).trim().split("\\s+"))).containsExactlyElementsOf(optionsFile());
  }
}
