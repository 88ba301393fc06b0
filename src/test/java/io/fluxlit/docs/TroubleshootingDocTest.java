package io.fluxlit.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every log line quoted in a {@code ```log} block of {@code docs/troubleshooting.md} must still be
 * written by the code, so the page cannot tell people to grep for words that no longer exist.
 *
 * <p>A quoted line is {@code LEVEL logger request_id=… message} (or a bare message, as printed on
 * stderr after {@code fluxlit: }). Its logger must be named in the main sources, and its message
 * must match a message template of the main sources: a string literal, or literals joined by
 * {@code +}, where each {@code {}} placeholder and each concatenated expression may stand for any
 * text.
 */
class TroubleshootingDocTest {

  private static final Pattern LOG_BLOCK = Pattern.compile("(?ms)^[ \\t]*```log\\n(.*?)^[ \\t]*```");
  private static final Pattern PREFIX =
    Pattern.compile("^(TRACE|DEBUG|INFO|WARN|ERROR)\\s+(\\S+)\\s+request_id=\\S+\\s+(.*)$");
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  /** Between two literals of one message: {@code +}, or {@code + expression +}. */
  private static final Pattern JOIN = Pattern.compile("\\s*\\+\\s*(?:([^\";,{}]+?)\\s*\\+\\s*)?");
  /** Literals shorter than this (placeholders not counted) are too vague to vouch for a line. */
  private static final int MIN_FIXED_CHARS = 12;
  /** A template may match the end of a message only when it is at least this specific. */
  private static final int MIN_SUFFIX_CHARS = 20;

  @Test
  void everyQuotedLogLineIsWrittenByTheCode() throws IOException {
    Path doc = DocsDriftTest.projectDir().resolve("docs/troubleshooting.md");
    List<String> lines = quotedLogLines(Files.readString(doc, StandardCharsets.UTF_8));
    assertThat(lines).as("log lines quoted in docs/troubleshooting.md").hasSizeGreaterThan(15);

    String sources = mainSources();
    List<Template> templates = templates(sources);
    List<String> problems = new ArrayList<>();
    for (String line : lines) {
      Matcher prefixed = PREFIX.matcher(line);
      String message = line;
      if (prefixed.matches()) {
        message = prefixed.group(3);
        if (!sources.contains("\"" + prefixed.group(2) + "\"")) {
          problems.add("no logger named " + prefixed.group(2) + " in src/main/java: " + line);
        }
      }
      message = message.replaceFirst("^fluxlit: ", "");
      if (!matchesATemplate(message, templates)) {
        problems.add("no message template in src/main/java produces: " + line);
      }
    }
    assertThat(problems).as("docs/troubleshooting.md vs the code").isEmpty();
  }

  @Test
  void theMatchingCanFail() throws IOException {
    List<Template> templates = templates(mainSources());
    assertThat(matchesATemplate("Streamlit upstream is not ready: Connection refused", templates)).isTrue();
    assertThat(matchesATemplate("Streamlit upstream is not redy: Connection refused", templates)).isFalse();
    assertThat(matchesATemplate("gateway upstream HTTP failure for http://x/ request_id=1: refused (x)", templates))
      .isFalse();
  }

  /**
   * The whole message matches a template, or its end matches a long template: some messages are
   * a name put in front of a text built elsewhere ({@code ConfigException}: the variable, or the
   * file and key, then {@code ='x' is invalid: expected ...}).
   */
  private static boolean matchesATemplate(String message, List<Template> templates) {
    return templates.stream().anyMatch(t -> t.pattern().matcher(message).matches()
      || t.fixedChars() >= MIN_SUFFIX_CHARS && Pattern.compile("(?s).*" + t.pattern().pattern()).matcher(message).matches());
  }

  private record Template(Pattern pattern, int fixedChars) {
  }

  static List<String> quotedLogLines(String markdown) {
    List<String> lines = new ArrayList<>();
    Matcher block = LOG_BLOCK.matcher(markdown.replace("\r\n", "\n"));
    while (block.find()) {
      block.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
    }
    return lines;
  }

  /** Message templates: runs of string literals joined by {@code +}, as regular expressions. */
  static List<Template> templates(String sources) {
    List<Template> templates = new ArrayList<>();
    Matcher literal = LITERAL.matcher(sources);
    StringBuilder template = null;
    int previousEnd = -1;
    while (literal.find()) {
      String text = unescape(literal.group(1));
      Matcher join = previousEnd < 0 ? null : JOIN.matcher(sources).region(previousEnd, literal.start());
      if (template != null && join.matches()) {
        template.append(join.group(1) == null ? "" : "{}").append(text);
      } else {
        add(templates, template, sources, previousEnd);
        boolean afterExpression = sources.substring(Math.max(0, literal.start() - 40), literal.start())
          .matches("(?s).*\\+\\s*");
        template = new StringBuilder(afterExpression ? "{}" : "").append(text);
      }
      previousEnd = literal.end();
    }
    add(templates, template, sources, previousEnd);
    return templates;
  }

  private static void add(List<Template> templates, StringBuilder template, String sources, int end) {
    if (template == null) {
      return;
    }
    // "text " + expression: the expression's value follows the literal.
    if (sources.substring(end, Math.min(sources.length(), end + 40)).matches("(?s)\\s*\\+.*")) {
      template.append("{}");
    }
    String text = template.toString();
    int fixed = text.replace("{}", "").strip().length();
    if (fixed < MIN_FIXED_CHARS) {
      return;
    }
    String regex = Stream.of(text.split("\\{}", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    templates.add(new Template(Pattern.compile(regex, Pattern.DOTALL), fixed));
  }

  private static String unescape(String literal) {
    return literal.replace("\\\"", "\"").replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
  }

  private static String mainSources() throws IOException {
    Path main = DocsDriftTest.projectDir().resolve("src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        all.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
      }
      return all.toString();
    }
  }
}
