package io.fluxlit.docs;

import io.fluxlit.logging.LogFields;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/observability.md's field tables list exactly the constants, in order. */
class ObservabilityDocTest {

  private static String doc() throws Exception {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    Path root = Path.of(dir != null ? dir : System.getProperty("user.dir"));
    return Files.readString(root.resolve("docs/observability.md"));
  }

  private static List<String> firstColumn(String doc, String region) {
    int start = doc.indexOf("<!-- " + region + ":start -->");
    int end = doc.indexOf("<!-- " + region + ":end -->");
    assertThat(start).as(region + " region").isNotNegative();
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(doc.substring(start, end));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void accessLogTableMatchesTheConstant() throws Exception {
    assertThat(firstColumn(doc(), "access-fields")).containsExactlyElementsOf(LogFields.GATEWAY_ACCESS_LOG_FIELDS);
  }

  @Test
  void jsonBaseFieldsTableMatchesTheConstant() throws Exception {
    assertThat(firstColumn(doc(), "json-base-fields")).containsExactlyElementsOf(LogFields.JSON_LOG_BASE_FIELDS);
  }

  @Test
  void theShippedLogbackFilesAreTheOnesInTheJar() throws Exception {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    Path root = Path.of(dir != null ? dir : System.getProperty("user.dir"));
    // conf/logback.xml is the jar's default in XML; TextLogConfiguratorTest keeps it alike.
    for (String name : List.of("logback-json.xml")) {
      assertThat(Files.readString(root.resolve("conf").resolve(name))).as("conf/" + name)
        .isEqualTo(Files.readString(root.resolve("src/main/resources").resolve(name)));
    }
  }
}
