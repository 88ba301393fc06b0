package io.fluxlit.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedList;
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

  /** @return each cycle among packages, of any length, as {@code a -> b -> a} */
  List<String> packageCycles() {
    return cycles(uses);
  }

  /**
   * The same uses seen folder by folder: each package counts as its top-level folder under
   * {@code io.fluxlit} ({@code io.fluxlit.gateway.http} is {@code io.fluxlit.gateway}), so that
   * sub-packages cannot hide a cycle between two parts of FluxLit.
   *
   * @return each cycle among top-level folders, as {@code a -> b -> a}
   */
  List<String> folderCycles() {
    Map<String, Set<String>> folders = new TreeMap<>();
    uses.forEach((pkg, used) -> {
      Set<String> targets = folders.computeIfAbsent(folder(pkg), k -> new TreeSet<>());
      used.forEach(u -> targets.add(folder(u)));
      targets.remove(folder(pkg));
    });
    return cycles(folders);
  }

  private static String folder(String pkg) {
    String[] parts = pkg.split("\\.");
    return parts.length <= 3 ? pkg : String.join(".", parts[0], parts[1], parts[2]);
  }

  /** One cycle for each group of nodes that all reach each other, shown as a shortest round trip. */
  private static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> cycles = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String start : graph.keySet()) {
      List<String> path = shortestPath(graph, start, start);
      if (seen.contains(start) || path == null) {
        continue;
      }
      seen.addAll(path);
      cycles.add(String.join(" -> ", path));
    }
    return cycles;
  }

  /** Breadth-first: the shortest path from {@code from} to {@code to} of at least one step, or {@code null}. */
  private static List<String> shortestPath(Map<String, Set<String>> graph, String from, String to) {
    Map<String, String> previous = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (String next : graph.getOrDefault(node, Set.of())) {
        if (next.equals(to)) {
          LinkedList<String> path = new LinkedList<>(List.of(to));
          for (String step = node; step != null; step = previous.get(step)) {
            path.addFirst(step);
          }
          return path;
        }
        if (!previous.containsKey(next) && !next.equals(from)) {
          previous.put(next, node);
          queue.add(next);
        }
      }
    }
    return null;
  }
}
