package io.fluxlit.architecture;

import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape docs/architecture.md describes: no packages and no top-level folders use each other (in
 * a cycle of any length), every package says what it is in a package-info.java, and no class grows
 * past 300 lines.
 */
class PackageStructureTest {

  private static final Path MAIN = TestEnvironment.projectDir().resolve("src/main/java");

  @Test
  void noPackagesUseEachOtherInACycle() {
    assertThat(PackageUses.of(MAIN).packageCycles())
      .as("packages that use each other (python3 scripts/package-imports.py shows every use)")
      .isEmpty();
  }

  @Test
  void noTopLevelFoldersUseEachOtherInACycle() {
    assertThat(PackageUses.of(MAIN).folderCycles())
      .as("top-level folders that use each other through any of their packages (python3 scripts/package-imports.py)")
      .isEmpty();
  }

  @Test
  void theCheckFindsCyclesOfAnyLengthBetweenPackagesAndBetweenFolders(@TempDir Path dir) throws IOException {
    write(dir, "io/fluxlit/a/A.java", "package io.fluxlit.a;\nimport io.fluxlit.b.B;\nclass A {}\n");
    write(dir, "io/fluxlit/b/B.java", "package io.fluxlit.b;\nclass B { Object a = new io.fluxlit.a.A(); }\n");
    write(dir, "io/fluxlit/c/C.java", "package io.fluxlit.c;\n/** {@link io.fluxlit.a.A} is no use. */\nclass C {}\n");
    // Three packages in a ring: no two of them use each other.
    write(dir, "io/fluxlit/d/D.java", "package io.fluxlit.d;\nimport io.fluxlit.e.E;\nclass D {}\n");
    write(dir, "io/fluxlit/e/E.java", "package io.fluxlit.e;\nimport io.fluxlit.f.F;\nclass E {}\n");
    write(dir, "io/fluxlit/f/F.java", "package io.fluxlit.f;\nimport io.fluxlit.d.D;\nclass F {}\n");
    // Folders g and h use each other through different sub-packages: no package cycle.
    write(dir, "io/fluxlit/g/x/X.java", "package io.fluxlit.g.x;\nimport io.fluxlit.h.H;\nclass X {}\n");
    write(dir, "io/fluxlit/h/H.java", "package io.fluxlit.h;\nimport io.fluxlit.g.y.Y;\nclass H {}\n");
    write(dir, "io/fluxlit/g/y/Y.java", "package io.fluxlit.g.y;\nclass Y {}\n");
    PackageUses uses = PackageUses.of(dir);
    assertThat(uses.packageCycles()).containsExactly("io.fluxlit.a -> io.fluxlit.b -> io.fluxlit.a",
      "io.fluxlit.d -> io.fluxlit.e -> io.fluxlit.f -> io.fluxlit.d");
    assertThat(uses.folderCycles()).containsExactly("io.fluxlit.a -> io.fluxlit.b -> io.fluxlit.a",
      "io.fluxlit.d -> io.fluxlit.e -> io.fluxlit.f -> io.fluxlit.d", "io.fluxlit.g -> io.fluxlit.h -> io.fluxlit.g");
    assertThat(uses.uses().get("io.fluxlit.c")).isEmpty();
  }

  @Test
  void vertxInternalsAreUsedInOneClassOnly() throws IOException {
    // The internal API, and the names Vert.x gives its pipeline handlers: what an upgrade may move.
    Pattern internal = Pattern.compile("\\bio\\.vertx\\.[\\w.]*\\b(?:internal|impl)\\.|\"http(?:De|En)coder\"");
    Set<String> allowed = Set.of("io/fluxlit/vertx/VertxInternals.java",
      // A service provider's method, whose parameter Vert.x declares with an internal type.
      "io/fluxlit/exchange/ExchangeStorage.java");
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> users = files.filter(f -> f.toString().endsWith(".java"))
        .filter(f -> internal.matcher(text(f)).find())
        .map(f -> MAIN.relativize(f).toString().replace('\\', '/'))
        .filter(f -> !allowed.contains(f)).toList();
      assertThat(users).as("Vert.x internals outside io.fluxlit.vertx.VertxInternals").isEmpty();
    }
  }

  @Test
  void everyPackageHasAPackageInfo() {
    for (String pkg : PackageUses.of(MAIN).uses().keySet()) {
      assertThat(MAIN.resolve(pkg.replace('.', '/')).resolve("package-info.java")).as(pkg).exists();
    }
  }

  /**
   * The table of settings: one {@code define(...)} per setting and nothing else grows with it, so
   * its rows do not count; the code below the table does (config/Setting.java).
   */
  private static final Path SETTINGS_TABLE = MAIN.resolve("io/fluxlit/config/Setting.java");

  @Test
  void noClassIsLongerThan300Lines() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> countedLines(f) > 300)
        .map(f -> MAIN.relativize(f) + " (" + lines(f) + " lines)").toList();
      assertThat(tooLong).isEmpty();
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the lines that count towards the limit: all of them, but the settings table's rows */
  private static long countedLines(Path file) {
    if (!file.equals(SETTINGS_TABLE)) {
      return lines(file);
    }
    String text = text(file);
    int start = text.indexOf("  public static final Setting<");
    int end = text.indexOf("\n\n  private final", start);
    return lines(file) - text.substring(start, end).lines().count();
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path root, String file, String text) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
