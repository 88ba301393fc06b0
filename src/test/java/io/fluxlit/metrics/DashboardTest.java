package io.fluxlit.metrics;

import io.fluxlit.metrics.MetricsCatalog.MetricDescriptor;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the alert rules in docs/alerts use FluxLit's catalog and nothing
 * else: a renamed or removed metric breaks this test, not a production dashboard.
 */
class DashboardTest {

  private static final Path ALERTS_DIR = TestEnvironment.projectDir().resolve("docs/alerts");
  private static final Pattern FLUXLIT_NAME = Pattern.compile("fluxlit_[a-z0-9_]+");
  private static final Pattern SAMPLE_SUFFIX = Pattern.compile("_(bucket|count|sum)$");

  @Test
  void theDashboardParsesAndQueriesOnlyCatalogMetrics() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(ALERTS_DIR.resolve("fluxlit-dashboard.json")));
    assertThat(dashboard.getString("uid")).isEqualTo("fluxlit-gateway");
    List<String> expressions = expressions();
    assertThat(expressions).hasSizeGreaterThan(10);
    Set<String> used = families(String.join("\n", expressions));
    assertThat(catalogNames()).containsAll(used);
    // And the dashboard shows every series of the contract.
    assertThat(used).containsExactlyInAnyOrderElementsOf(catalogNames());
  }

  @Test
  void theAlertRulesUseOnlyCatalogMetrics() throws IOException {
    String rules = Files.readString(ALERTS_DIR.resolve("fluxlit-alerts.yml"));
    String exprs = rules.lines().filter(l -> !l.trim().startsWith("#")).collect(Collectors.joining("\n"));
    Set<String> used = families(exprs);
    assertThat(used).isNotEmpty();
    assertThat(catalogNames()).containsAll(used);
  }

  /** @return every PromQL expression of the dashboard's panels (and rows' panels) */
  static List<String> expressions() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(ALERTS_DIR.resolve("fluxlit-dashboard.json")));
    List<String> expressions = new ArrayList<>();
    collect(dashboard.getJsonArray("panels"), expressions);
    return expressions;
  }

  private static void collect(JsonArray panels, List<String> expressions) {
    for (Object item : panels) {
      JsonObject panel = (JsonObject) item;
      for (Object target : panel.getJsonArray("targets", new JsonArray())) {
        expressions.add(((JsonObject) target).getString("expr"));
      }
      collect(panel.getJsonArray("panels", new JsonArray()), expressions);
    }
  }

  private static Set<String> families(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = FLUXLIT_NAME.matcher(text);
    while (matcher.find()) {
      String name = matcher.group();
      String family = SAMPLE_SUFFIX.matcher(name).replaceAll("");
      names.add(catalogNames().contains(name) ? name : family);
    }
    return names;
  }

  private static Set<String> catalogNames() {
    return MetricsCatalog.GATEWAY_PROMETHEUS_METRICS.stream().map(MetricDescriptor::name)
      .collect(Collectors.toCollection(TreeSet::new));
  }
}
