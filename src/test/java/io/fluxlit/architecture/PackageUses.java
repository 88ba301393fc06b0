package io.fluxlit.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;

/**
 * Which FluxLit packages each package of a source tree uses: imports, static imports and
 * fully-qualified names in code (comments are not uses). The same reading as
 * {@code scripts/package-imports.py}, so the build and the script agree.
 */
final class PackageUses {

  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("\\bio\\.fluxlit(?:\\.[a-z][a-z0-9]*)*(?=\\.[A-Z])");

  private final Map<String, Set<String>> uses = new TreeMap<>();

  private PackageUses() {
  }

  /** @param root a source root such as {@code src/main/java} @return its package uses */
  static PackageUses of(Path root) {
    PackageUses result = new PackageUses();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(result::read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  private void read(Path source) {
    String text;
    try {
      text = Files.readString(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher declared = PACKAGE.matcher(text);
    if (!declared.find()) {
      return;
    }
    String own = declared.group(1);
    Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
    Matcher name = NAME.matcher(COMMENT.matcher(text).replaceAll(""));
    while (name.find()) {
      if (!name.group().equals(own)) {
        used.add(name.group());
      }
    }
  }

  /** @return every package, with the FluxLit packages it uses */
  Map<String, Set<String>> uses() {
    return uses;
  }

  /** @return each pair of packages that use each other, as {@code a <-> b} */
  List<String> mutualPairs() {
    List<String> pairs = new ArrayList<>();
    uses.forEach((a, used) -> used.forEach(b -> {
      if (a.compareTo(b) < 0 && uses.getOrDefault(b, Set.of()).contains(a)) {
        pairs.add(a + " <-> " + b);
      }
    }));
    return pairs;
  }
}
