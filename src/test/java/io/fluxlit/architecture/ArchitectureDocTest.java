package io.fluxlit.architecture;

import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md's package map is true: every package of {@code src/main/java} has a row, no
 * row names a package that is gone, and each row's "Uses" cell lists exactly the FluxLit packages
 * the package uses (as {@code python3 scripts/package-imports.py} prints them).
 */
class ArchitectureDocTest {

  private static final Path ROOT = TestEnvironment.projectDir();
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(io\\.fluxlit(?:\\.[a-z][a-z0-9]*)*)` \\| .* \\| ([^|]*) \\|$");
  private static final Pattern USED = Pattern.compile("`([\\w.]+)`");

  @Test
  void everyPackageHasARowWithItsUses() throws IOException {
    Map<String, Set<String>> documented = rows(Files.readString(ROOT.resolve("docs/architecture.md")));
    Map<String, Set<String>> actual = PackageUses.of(ROOT.resolve("src/main/java")).uses();
    List<String> problems = new ArrayList<>();
    actual.forEach((pkg, used) -> {
      Set<String> expected = used.stream().map(ArchitectureDocTest::shortName).collect(Collectors.toCollection(TreeSet::new));
      if (!documented.containsKey(pkg)) {
        problems.add(pkg + " has no row in docs/architecture.md#package-map");
      } else if (!documented.get(pkg).equals(expected)) {
        problems.add(pkg + ": Uses says " + documented.get(pkg) + ", the code uses " + expected + " (cell: "
          + (expected.isEmpty() ? "—" : expected.stream().map(u -> "`" + u + "`").collect(Collectors.joining(", "))) + ")");
      }
    });
    documented.keySet().stream().filter(pkg -> !actual.containsKey(pkg))
      .forEach(pkg -> problems.add(pkg + " has a row but no code"));
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckReadsTheTableRows() {
    Map<String, Set<String>> rows = rows("""
      | Package | What it is | Uses |
      |---|---|---|
      | `io.fluxlit.a` | `A`, with `a.B` in its text | `b`, `c.d` |
      | `io.fluxlit.e` | nothing | — |
      """.replace("\n      ", "\n").stripIndent());
    assertThat(rows).containsOnlyKeys("io.fluxlit.a", "io.fluxlit.e");
    assertThat(rows.get("io.fluxlit.a")).containsExactly("b", "c.d");
    assertThat(rows.get("io.fluxlit.e")).isEmpty();
  }

  private static Map<String, Set<String>> rows(String markdown) {
    Map<String, Set<String>> rows = new TreeMap<>();
    Matcher row = ROW.matcher(markdown);
    while (row.find()) {
      Set<String> used = new TreeSet<>();
      Matcher name = USED.matcher(row.group(2));
      while (name.find()) {
        used.add(name.group(1));
      }
      rows.put(row.group(1), used);
    }
    return rows;
  }

  private static String shortName(String pkg) {
    return pkg.equals("io.fluxlit") ? pkg : pkg.substring("io.fluxlit.".length());
  }
}
