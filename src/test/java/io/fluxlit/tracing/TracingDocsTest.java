package io.fluxlit.tracing;

import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The span table in {@code docs/tracing.md} lists exactly {@link SpanNames}' spans and attributes, in order. */
class TracingDocsTest {

  static final String START = "<!-- spans:start -->";
  static final String END = "<!-- spans:end -->";

  @Test
  void theSpanTableMatchesTheConstants() throws IOException {
    String doc = Files.readString(TestEnvironment.projectDir().resolve("docs/tracing.md"));
    int from = doc.indexOf(START);
    int to = doc.indexOf(END);
    assertThat(from).as("markers in docs/tracing.md").isNotNegative().isLessThan(to);

    List<String> documented = new ArrayList<>();
    for (String line : doc.substring(from + START.length(), to).split("\n")) {
      if (!line.startsWith("| `")) {
        continue; // header, separator
      }
      String[] cells = line.split("\\|");
      documented.add(cells[1].trim() + " " + cells[2].trim() + " " + cells[3].trim());
    }

    List<String> expected = new ArrayList<>();
    Map<String, List<String>> starts = SpanNames.startAttributes();
    Map<String, List<String>> ends = SpanNames.endAttributes();
    for (String span : SpanNames.spans()) {
      starts.get(span).forEach(key -> expected.add("`" + span + "` `" + key + "` start"));
      ends.get(span).forEach(key -> expected.add("`" + span + "` `" + key + "` end"));
    }
    assertThat(documented).containsExactlyElementsOf(expected);
  }
}
