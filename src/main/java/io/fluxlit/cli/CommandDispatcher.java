package io.fluxlit.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Picks the command named by the first argument and runs it with the rest. Also answers
 * {@code --help} (anywhere: {@code run --help} too) and {@code --version}, and refuses an unknown
 * command with exit status 2.
 */
public final class CommandDispatcher {

  private static final String JAR = "java -jar fluxlit.jar";

  private final List<Command> commands;
  private final String version;

  /**
   * @param commands the commands, in the order {@code --help} lists them
   * @param version what {@code --version} prints after {@code fluxlit }
   */
  public CommandDispatcher(List<Command> commands, String version) {
    this.commands = List.copyOf(commands);
    this.version = version;
  }

  /**
   * @param args the whole command line
   * @param out standard output
   * @param err standard error
   * @return the exit status, or -1 when a server keeps running
   */
  public int dispatch(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      out.print(usage());
      return 2;
    }
    String first = args[0];
    if (isHelp(first) || first.equals("help")) {
      out.print(usage());
      return 0;
    }
    if (first.equals("--version")) {
      out.println("fluxlit " + version);
      return 0;
    }
    Command command = commands.stream().filter(c -> c.name().equals(first)).findFirst().orElse(null);
    if (command == null) {
      err.println("fluxlit: unknown command '" + first + "' (try --help)");
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.stream(rest).anyMatch(CommandDispatcher::isHelp)) {
      out.print(usage());
      return 0;
    }
    return command.action().run(rest, out, err);
  }

  /** @return the text {@code --help} prints */
  public String usage() {
    StringBuilder text = new StringBuilder();
    String lead = "Usage: ";
    for (Command command : commands) {
      text.append(lead).append(JAR).append(' ').append(command.name()).append(' ').append(command.synopsis()).append('\n');
      lead = "       ";
    }
    text.append(lead).append(JAR).append(" --help | --version\n\n")
      .append("Serves an API (under /api) and a Streamlit app behind one port.\n\nCommands:\n");
    int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 3;
    for (Command command : commands) {
      text.append("  ").append(pad(command.name(), width)).append(command.summary()).append('\n');
    }
    return text.append('\n').append(CommandLine.optionsHelp()).toString();
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(1, width - text.length()));
  }
}
