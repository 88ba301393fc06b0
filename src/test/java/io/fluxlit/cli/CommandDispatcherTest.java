package io.fluxlit.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandDispatcherTest {

  private final List<String[]> received = new ArrayList<>();
  private final CommandDispatcher dispatcher = new CommandDispatcher(List.of(
    new Command("first", "[A]", "the first one", (args, out, err) -> {
      received.add(args);
      return 7;
    }),
    new Command("second", "", "the second one", (args, out, err) -> -1)), "1.2.3");

  private final CliOutput out = new CliOutput();
  private final CliOutput err = new CliOutput();

  private int dispatch(String... args) {
    return dispatcher.dispatch(args, out.stream, err.stream);
  }

  @Test
  void runsTheNamedCommandWithTheArgumentsAfterItsName() {
    assertThat(dispatch("first", "x", "--y")).isEqualTo(7);
    assertThat(received).singleElement().satisfies(args -> assertThat(args).containsExactly("x", "--y"));
    assertThat(dispatch("second")).isEqualTo(-1);
  }

  @Test
  void helpListsEveryCommandFromTheTable() {
    assertThat(dispatch("--help")).isZero();
    assertThat(out.text())
      .startsWith("Usage: java -jar fluxlit.jar first [A]\n       java -jar fluxlit.jar second \n")
      .contains("  first    the first one\n", "  second   the second one\n", "--help | --version", "--conf FILE");
    assertThat(received).isEmpty();
  }

  @Test
  void helpAfterACommandPrintsTheUsageInsteadOfRunningIt() {
    assertThat(dispatch("first", "--help")).isZero();
    assertThat(received).isEmpty();
    assertThat(out.text()).startsWith("Usage:");
  }

  @Test
  void noArgumentsPrintTheUsageAndExitTwo() {
    assertThat(dispatch()).isEqualTo(2);
    assertThat(out.text()).startsWith("Usage:");
  }

  @Test
  void unknownCommandsExitTwoWithOneLine() {
    assertThat(dispatch("frist")).isEqualTo(2);
    assertThat(err.text()).isEqualTo("fluxlit: unknown command 'frist' (try --help)\n");
  }

  @Test
  void versionPrintsOneLine() {
    assertThat(dispatch("--version")).isZero();
    assertThat(out.text()).isEqualTo("fluxlit 1.2.3\n");
  }
}
