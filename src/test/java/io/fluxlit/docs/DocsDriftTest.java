package io.fluxlit.docs;

import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps the hand-written docs honest about the code.
 *
 * <ul>
 *   <li>The settings table in {@code docs/configuration.md} (between {@value #SETTINGS_START} and
 *       {@value #SETTINGS_END}) must equal the table generated from {@link Setting#values()}. On a
 *       mismatch the failure message prints the expected table to paste; run with
 *       {@code -Dfluxlit.docs.write=true} to have this test rewrite the region instead.</li>
 *   <li>The address table in {@code docs/architecture.md} (between {@value #ADDRESSES_START} and
 *       {@value #ADDRESSES_END}) lists every address of {@link Addresses#all()}, and nothing else
 *       unless it is in {@link #PLANNED_ADDRESSES} and its row says "planned".</li>
 *   <li>Every {@code FLUXLIT_*} name in {@code docs/**}{@code .md} and {@code README.md} is a
 *       setting, or one of the explicitly listed non-setting names below. A line naming a
 *       {@link #PLANNED_SETTINGS planned} setting must say "planned".</li>
 * </ul>
 */
class DocsDriftTest {

  static final String SETTINGS_START = "<!-- settings:start -->";
  static final String SETTINGS_END = "<!-- settings:end -->";
  static final String ADDRESSES_START = "<!-- addresses:start -->";
  static final String ADDRESSES_END = "<!-- addresses:end -->";

  /** System property: when {@code true}, rewrite the settings region instead of failing. */
  static final String WRITE_PROPERTY = "fluxlit.docs.write";

  /** Environment variables FluxLit reads or sets that are not {@link Setting}s. */
  static final Set<String> NON_SETTING_VARIABLES = Set.of(
    "FLUXLIT_API_PREFIX",         // set for the Streamlit child (SidecarVerticle)
    "FLUXLIT_INTERNAL_API_BASE",  // set for the Streamlit child (SidecarVerticle)
    "FLUXLIT_PROJECT_DIR");       // set by Maven Surefire for tests

  /**
   * Planned settings (docs/configuration.md#planned-settings), not implemented yet. Docs may mention them only on a
   * line that also says "planned". Remove a name from here once it becomes a {@link Setting}.
   */
  static final Set<String> PLANNED_SETTINGS = Set.of();

  /** Names only the Python version uses; docs mention them when comparing the two (docs/architecture.md#differences). */
  static final Set<String> REFERENCE_ONLY_VARIABLES = Set.of("FLUXLIT_APP");
  /** Deliberate misspellings shown where the docs explain the unknown-variable warning. */
  static final Set<String> TYPO_EXAMPLES = Set.of("FLUXLIT_GATWAY_PORT");

  /** Planned event-bus addresses that {@link Addresses} does not have yet. */
  static final Set<String> PLANNED_ADDRESSES = Set.of();

  private static final Pattern FLUXLIT_NAME = Pattern.compile("(?<![A-Za-z0-9_])FLUXLIT_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

  // ---------------------------------------------------------------- (a) configuration table

  @Test
  void configurationTableMatchesTheSettingEnum() throws IOException {
    Path doc = projectDir().resolve("docs/configuration.md");
    String text = read(doc);
    Region region = Region.find(text, SETTINGS_START, SETTINGS_END, doc);
    String expected = settingsTable();
    if (normalise(region.content()).equals(normalise(expected))) {
      return;
    }
    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      Files.writeString(doc, region.replace("\n" + expected), StandardCharsets.UTF_8);
      return;
    }
    fail("The settings table in docs/configuration.md has drifted from io.fluxlit.config.Setting.\n"
      + "Replace everything between " + SETTINGS_START + " and " + SETTINGS_END + " with the table below,\n"
      + "or run: mvn -q test -Dtest=DocsDriftTest -D" + WRITE_PROPERTY + "=true\n\n" + expected);
  }

  /** @return the settings table as docs/configuration.md must show it */
  static String settingsTable() {
    StringBuilder table = new StringBuilder()
      .append("| Environment variable | Settings-file key | Command line | Default | Meaning |\n")
      .append("|---|---|---|---|---|\n");
    for (Setting<?> setting : Setting.values()) {
      table.append("| `").append(setting.envName()).append("` | `").append(setting.confKey()).append("` | ")
        .append(setting.cliFlag() == null ? "—" : "`" + setting.cliFlag() + "`").append(" | ")
        .append(setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`").append(" | ")
        .append(cell(setting.description())).append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ").trim();
  }

  // ---------------------------------------------------------------- (b) event-bus addresses

  @Test
  void architectureListsEveryEventBusAddress() throws IOException {
    Path doc = projectDir().resolve("docs/architecture.md");
    String text = read(doc);
    Region region = Region.find(text, ADDRESSES_START, ADDRESSES_END, doc);
    Set<String> known = Set.of(Addresses.all());
    Set<String> listed = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (String row : tableRows(region.content())) {
      String first = row.split("\\|", -1)[1];
      Matcher code = CODE_SPAN.matcher(first);
      if (!code.find()) {
        problems.add("address row without a `code` address in its first cell: " + row);
        continue;
      }
      String address = code.group(1).trim();
      listed.add(address);
      boolean planned = row.toLowerCase(Locale.ROOT).contains("planned");
      if (!known.contains(address) && !(PLANNED_ADDRESSES.contains(address) && planned)) {
        problems.add(address + " is not in io.fluxlit.Addresses.all()"
          + (PLANNED_ADDRESSES.contains(address) ? " (planned: say \"planned\" in its row)" : ""));
      }
    }
    for (String address : Addresses.all()) {
      if (!listed.contains(address)) {
        problems.add(address + " (io.fluxlit.bus.Addresses) is missing from the address table");
      }
      assertTrue(text.contains(address), address + " must appear in docs/architecture.md");
    }
    assertEquals(List.of(), problems, "docs/architecture.md address table");
  }

  @Test
  void plannedAddressesAreNotImplementedYet() {
    Set<String> implemented = new TreeSet<>(PLANNED_ADDRESSES);
    implemented.retainAll(Set.of(Addresses.all()));
    assertEquals(Set.of(), implemented,
      "these addresses exist now: remove them from PLANNED_ADDRESSES and drop 'planned' from their rows");
  }

  // ---------------------------------------------------------------- (c) FLUXLIT_* names in docs

  @Test
  void everyFluxlitNameInTheDocsIsASettingOrAllowListed() throws IOException {
    Set<String> settings = Setting.values().stream().map(Setting::envName).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    List<Path> docs = docFiles();
    assertTrue(docs.stream().anyMatch(p -> p.endsWith("docs/configuration.md")), "docs/configuration.md exists");
    for (Path doc : docs) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher names = FLUXLIT_NAME.matcher(line);
        while (names.find()) {
          String name = names.group();
          String where = projectDir().relativize(doc) + ":" + (i + 1) + ": " + name;
          if (settings.contains(name) || NON_SETTING_VARIABLES.contains(name)
            || REFERENCE_ONLY_VARIABLES.contains(name) || TYPO_EXAMPLES.contains(name)) {
            continue;
          }
          if (PLANNED_SETTINGS.contains(name)) {
            if (!line.toLowerCase(Locale.ROOT).contains("planned")) {
              problems.add(where + " is not implemented yet: say \"planned\" on the same line");
            }
            continue;
          }
          problems.add(where + " is neither an io.fluxlit.config.Setting nor allow-listed in DocsDriftTest");
        }
      }
    }
    assertEquals(List.of(), problems, "FLUXLIT_* names in docs");
  }

  @Test
  void allowListsDoNotShadowSettings() {
    Set<String> settings = Setting.values().stream().map(Setting::envName).collect(Collectors.toSet());
    for (Set<String> list : List.of(NON_SETTING_VARIABLES, PLANNED_SETTINGS, REFERENCE_ONLY_VARIABLES, TYPO_EXAMPLES)) {
      Set<String> overlap = new TreeSet<>(list);
      overlap.retainAll(settings);
      assertEquals(Set.of(), overlap,
        "these names are settings now: remove them from the allow-list (and 'planned' marks from the docs)");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** @return {@code FLUXLIT_PROJECT_DIR} (set by Surefire), else {@code user.dir} */
  static Path projectDir() {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    if (dir == null || dir.isBlank()) {
      dir = System.getProperty("user.dir");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }

  private static List<Path> docFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    Path docs = projectDir().resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> walk = Files.walk(docs)) {
        walk.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
      }
    }
    Path readme = projectDir().resolve("README.md");
    if (Files.isRegularFile(readme)) {
      files.add(readme);
    }
    return files;
  }

  private static String read(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " exists");
    return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  /** Trailing spaces and surrounding blank lines do not count. */
  private static String normalise(String text) {
    return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
  }

  /** Table rows of a markdown fragment, header and separator rows excluded. */
  private static List<String> tableRows(String markdown) {
    List<String> rows = markdown.lines().map(String::trim).filter(l -> l.startsWith("|"))
      .collect(Collectors.toList());
    List<String> body = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      boolean separator = rows.get(i).matches("\\|[\\s:|-]+\\|");
      boolean header = i + 1 < rows.size() && rows.get(i + 1).matches("\\|[\\s:|-]+\\|");
      if (!separator && !header) {
        body.add(rows.get(i));
      }
    }
    return body;
  }

  /** The text between two markers that each occur exactly once. */
  private record Region(String text, int from, int to) {

    static Region find(String text, String start, String end, Path file) {
      int first = text.indexOf(start);
      int last = text.indexOf(end);
      if (first < 0 || last < 0 || text.indexOf(start, first + 1) >= 0 || text.indexOf(end, last + 1) >= 0
        || last < first) {
        fail(file + " must contain " + start + " and then " + end + ", once each");
      }
      return new Region(text, first + start.length(), last);
    }

    String content() {
      return text.substring(from, to);
    }

    String replace(String content) {
      return text.substring(0, from) + content + text.substring(to);
    }
  }
}
