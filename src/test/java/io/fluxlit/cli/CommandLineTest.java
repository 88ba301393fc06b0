package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

  private static final EnumSet<CommandLine.Option> ALL = EnumSet.allOf(CommandLine.Option.class);

  @Test
  void readsFlagsWithSeparateOrJoinedValues() {
    CommandLine line = CommandLine.parse("doctor",
      new String[] {"app.py", "--port=9001", "--host", "0.0.0.0", "--debug", "--conf", "c.json", "--json",
        "--warnings-only"}, ALL);
    assertThat(line.overrides()).isEqualTo(Map.of(Setting.FLUXLIT_STREAMLIT_APP, "app.py", Setting.FLUXLIT_GATEWAY_PORT, "9001",
      Setting.FLUXLIT_GATEWAY_HOST, "0.0.0.0", Setting.FLUXLIT_DEBUG, "true"));
    assertThat(line.conf()).isEqualTo(Path.of("c.json"));
    assertThat(line.json()).isTrue();
    assertThat(line.warningsOnly()).isTrue();
  }

  @Test
  void refusesWhatTheCommandDoesNotTake() {
    assertThatThrownBy(() -> CommandLine.parse("run", new String[] {"--json"}, RunCommand.OPTIONS))
      .isInstanceOf(ConfigException.class).hasMessage("unknown argument '--json' for run (try --help)");
    assertThatThrownBy(() -> CommandLine.parse("run", new String[] {"a.py", "b.py"}, RunCommand.OPTIONS))
      .hasMessage("unknown argument 'b.py' for run (try --help)");
    assertThatThrownBy(() -> CommandLine.parse("run", new String[] {"--port"}, RunCommand.OPTIONS))
      .hasMessage("--port needs a value");
    assertThatThrownBy(() -> CommandLine.parse("run", new String[] {"--debug=1"}, RunCommand.OPTIONS))
      .hasMessage("--debug takes no value (try --help)");
    assertThatThrownBy(() -> CommandLine.parse("config", new String[] {"--foo"}, ALL))
      .hasMessage("unknown argument '--foo' for config (try --help)");
  }
}
