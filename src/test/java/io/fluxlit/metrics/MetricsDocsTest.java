package io.fluxlit.metrics;

import io.fluxlit.metrics.MetricsCatalog.MetricDescriptor;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** docs/metrics.md against the code: the contract table and the launcher options. */
class MetricsDocsTest {

  static final Path DOC = TestEnvironment.projectDir().resolve("docs/metrics.md");

  @Test
  void theContractTableIsTheCatalog() throws IOException {
    String region = region("<!-- metrics-catalog:start -->", "<!-- metrics-catalog:end -->");
    String expected = table();
    if (!normalise(region).equals(normalise(expected))) {
      fail("The metrics table in docs/metrics.md has drifted from MetricsCatalog. Replace it with:\n\n" + expected);
    }
  }

  @Test
  void theLauncherOptionsAreTheOnesMainUses() throws IOException {
    JsonObject documented = launcherOptions().getJsonObject("metricsOptions");
    MicrometerMetricsOptions parsed = new MicrometerMetricsOptions(documented);
    MicrometerMetricsOptions main = MetricsSetup.vertxMetricsOptions(parsed.getRegistryName());
    assertThat(parsed.getLabels()).isEqualTo(main.getLabels());
    JsonObject parsedJson = parsed.toJson();
    JsonObject mainJson = main.toJson();
    parsedJson.remove("labels");
    mainJson.remove("labels");
    assertThat(parsedJson).isEqualTo(mainJson);
    assertThat(parsed.getLabelMatches().stream().map(MetricsDocsTest::describe).toList())
      .isEqualTo(main.getLabelMatches().stream().map(MetricsDocsTest::describe).toList());
  }

  private static String describe(Match match) {
    return match.getDomain() + " " + match.getLabel() + " " + match.getType() + " " + match.getValue() + " -> "
      + match.getAlias();
  }

  /** @return the JSON of the launcher's {@code -options} as docs/metrics.md shows it */
  static JsonObject launcherOptions() throws IOException {
    String region = region("<!-- launcher-options:start -->", "<!-- launcher-options:end -->");
    String json = region.substring(region.indexOf("```json") + 7, region.lastIndexOf("```"));
    return new JsonObject(json);
  }

  static String table() {
    StringBuilder table = new StringBuilder()
      .append("| Metric | Type | Labels | Stability | Buckets (seconds, plus `+Inf`) | Help |\n")
      .append("|---|---|---|---|---|---|\n");
    for (MetricDescriptor metric : MetricsCatalog.GATEWAY_PROMETHEUS_METRICS) {
      String labels = metric.labels().isEmpty() ? "—"
        : metric.labels().stream().map(l -> "`" + l + "`").collect(Collectors.joining(", "));
      table.append("| `").append(metric.name()).append("` | ").append(metric.type()).append(" | ")
        .append(labels).append(" | ").append(metric.stability()).append(" | ")
        .append(buckets(metric.name())).append(" | ").append(metric.help()).append(" |\n");
    }
    return table.toString();
  }

  private static String buckets(String name) {
    List<Double> buckets = switch (name) {
      case MetricsCatalog.REQUEST_DURATION_SECONDS -> MetricsCatalog.REQUEST_DURATION_BUCKETS;
      case MetricsCatalog.WEBSOCKET_SESSION_DURATION_SECONDS -> MetricsCatalog.WEBSOCKET_SESSION_DURATION_BUCKETS;
      default -> List.of();
    };
    return buckets.isEmpty() ? "—" : buckets.stream()
      .map(b -> BigDecimal.valueOf(b).stripTrailingZeros().toPlainString()).collect(Collectors.joining(", "));
  }

  private static String region(String start, String end) throws IOException {
    String text = Files.readString(DOC);
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from).as(start + " in docs/metrics.md").isNotNegative();
    assertThat(to).as(end + " after it").isGreaterThan(from);
    return text.substring(from + start.length(), to);
  }

  private static String normalise(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }
}
