package io.fluxlit.cli;

import java.io.PrintStream;

/** What a command does, given the arguments after its name. */
@FunctionalInterface
public interface CommandAction {

  /**
   * @param args the arguments after the command's name
   * @param out standard output
   * @param err standard error
   * @return the exit status, or -1 when a server keeps running (until a signal stops it)
   */
  int run(String[] args, PrintStream out, PrintStream err);
}
