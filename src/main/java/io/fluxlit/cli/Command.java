package io.fluxlit.cli;

/**
 * One command of the command line, as {@code --help} lists it.
 *
 * @param name the word that selects it, e.g. {@code run}
 * @param synopsis its arguments, e.g. {@code [APP.py] [OPTIONS]}
 * @param summary one line on what it does
 * @param action what it does
 */
public record Command(String name, String synopsis, String summary, CommandAction action) {
}
