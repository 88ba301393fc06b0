package io.fluxlit.tracing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Choosing the active hook: programmatically, or through {@link java.util.ServiceLoader}. */
class TraceHooksTest {

  /** A second provider class, to check which of several wins. */
  public static final class SecondHook extends RecordingTraceHook {
  }

  /** A provider whose constructor fails. */
  public static final class ExplodingHook implements TraceHook {
    public ExplodingHook() {
      throw new IllegalStateException("cannot start");
    }

    @Override
    public Span start(String name, Map<String, Object> attributes, Span parent) {
      throw new AssertionError();
    }
  }

  private TraceHook previous;

  @BeforeEach
  void remember() {
    previous = TraceHooks.active();
  }

  @AfterEach
  void restore() {
    TraceHooks.install(previous);
  }

  @Test
  void installReturnsThePreviousHookSoItCanBePutBack() {
    RecordingTraceHook first = new RecordingTraceHook();
    RecordingTraceHook second = new RecordingTraceHook();
    TraceHooks.install(first);
    assertThat(TraceHooks.active()).isSameAs(first);
    assertThat(TraceHooks.install(second)).isSameAs(first);
    assertThat(TraceHooks.active()).isSameAs(second);
    assertThat(TraceHooks.install(null)).isSameAs(second);
    assertThat(TraceHooks.active()).isNull();
  }

  @Test
  void theTestClassPathDeclaresNoHook() {
    // What TraceHooks found when it was loaded: the root project ships no provider.
    assertThat(TraceHooks.discover(TraceHooksTest.class.getClassLoader())).isNull();
  }

  @Test
  void findsAHookNamedInAServiceFile(@TempDir Path dir) throws IOException {
    try (URLClassLoader loader = servicesLoader(dir, RecordingTraceHook.class.getName())) {
      assertThat(TraceHooks.discover(loader)).isExactlyInstanceOf(RecordingTraceHook.class);
    }
  }

  @Test
  void theFirstOfSeveralHooksWins(@TempDir Path dir) throws IOException {
    try (URLClassLoader loader = servicesLoader(dir, SecondHook.class.getName(), RecordingTraceHook.class.getName())) {
      assertThat(TraceHooks.discover(loader)).isExactlyInstanceOf(SecondHook.class);
    }
  }

  @Test
  void skipsProvidersThatCannotBeLoadedOrCreated(@TempDir Path dir) throws IOException {
    try (URLClassLoader loader = servicesLoader(dir, "io.fluxlit.tracing.NoSuchHook",
      ExplodingHook.class.getName(), SecondHook.class.getName())) {
      assertThat(TraceHooks.discover(loader)).isExactlyInstanceOf(SecondHook.class);
    }
  }

  @Test
  void findsNothingWhenOnlyBrokenProvidersAreDeclared(@TempDir Path dir) throws IOException {
    try (URLClassLoader loader = servicesLoader(dir, "io.fluxlit.tracing.NoSuchHook", ExplodingHook.class.getName())) {
      assertThat(TraceHooks.discover(loader)).isNull();
    }
  }

  /** A loader over the test classes plus a directory holding only the service file. */
  private static URLClassLoader servicesLoader(Path dir, String... providers) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TraceHook.class.getName()), String.join("\n", providers) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TraceHooksTest.class.getClassLoader());
  }
}
