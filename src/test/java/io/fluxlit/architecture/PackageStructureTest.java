package io.fluxlit.architecture;

import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape docs/architecture.md describes: no two packages use each other, every package says
 * what it is in a package-info.java, and no class grows past 300 lines.
 */
class PackageStructureTest {

  private static final Path MAIN = TestEnvironment.projectDir().resolve("src/main/java");

  @Test
  void noTwoPackagesUseEachOther() {
    assertThat(PackageUses.of(MAIN).mutualPairs())
      .as("packages that use each other (python3 scripts/package-imports.py shows every use)")
      .isEmpty();
  }

  @Test
  void theCheckFindsTwoPackagesThatUseEachOther(@TempDir Path dir) throws IOException {
    write(dir, "io/fluxlit/a/A.java", "package io.fluxlit.a;\nimport io.fluxlit.b.B;\nclass A {}\n");
    write(dir, "io/fluxlit/b/B.java", "package io.fluxlit.b;\nclass B { Object a = new io.fluxlit.a.A(); }\n");
    write(dir, "io/fluxlit/c/C.java", "package io.fluxlit.c;\n/** {@link io.fluxlit.a.A} is no use. */\nclass C {}\n");
    PackageUses uses = PackageUses.of(dir);
    assertThat(uses.mutualPairs()).containsExactly("io.fluxlit.a <-> io.fluxlit.b");
    assertThat(uses.uses().get("io.fluxlit.c")).isEmpty();
  }

  @Test
  void everyPackageHasAPackageInfo() {
    for (String pkg : PackageUses.of(MAIN).uses().keySet()) {
      assertThat(MAIN.resolve(pkg.replace('.', '/')).resolve("package-info.java")).as(pkg).exists();
    }
  }

  @Test
  void noClassIsLongerThan300Lines() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 300)
        .map(f -> MAIN.relativize(f) + " (" + lines(f) + " lines)").toList();
      assertThat(tooLong).isEmpty();
    }
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
