package io.fluxlit.metrics;

import io.fluxlit.testing.TestEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Prometheus binaries (Debian package {@code prometheus}) and running them in tests. */
final class Tools {

  /** What {@link #run} gives back. */
  record Result(int exit, String output) {
  }

  private Tools() {
  }

  /**
   * @param name {@code promtool} or {@code prometheus}
   * @return the executable: on PATH, else in /usr/bin; skips the test (fails it on CI) when missing
   */
  static Path require(String name) {
    Path found = find(name);
    TestEnvironment.requireOrSkip(found != null,
      name + " (Debian package prometheus: apt-get install prometheus)");
    return found;
  }

  private static Path find(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.add("/usr/bin");
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    return null;
  }

  /**
   * Runs a command to completion (bounded), stdin from {@code input} when given.
   *
   * @return the exit status and stdout+stderr
   */
  static Result run(Path input, String... command) {
    return runIn(TestEnvironment.projectDir(), input, command);
  }

  /** Like {@link #run}, in the directory {@code dir}. */
  static Result runIn(Path dir, Path input, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command)
      .directory(dir.toFile())
      .redirectErrorStream(true);
    if (input != null) {
      builder.redirectInput(input.toFile());
    }
    try {
      Path output = Files.createTempFile("fluxlit-tool", ".out");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        process.destroyForcibly();
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
