package io.fluxlit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The jar's default log configuration, the text lines of docs/observability.md#logging-configuration,
 * set up in code: Logback finds it as a service before it looks for XML, and parsing
 * {@code logback.xml} took about 100 ms of a 0.6 s start (docs/performance.md). It yields to a
 * configuration of the user's ({@code -Dlogback.configurationFile}, or a {@code logback.xml} or
 * {@code logback-test.xml} on the class path); {@code conf/logback.xml} is the same configuration
 * as XML, to start one from (a test keeps the two alike).
 */
public final class TextLogConfigurator extends ContextAwareBase implements Configurator {

  /** The line: UTC time, level, logger, the request ID, the message, and any stack trace. */
  public static final String PATTERN =
    "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger request_id=%requestId %msg%n%ex";

  /**
   * Levels below the root's INFO: Netty's own chatter; a WARN Vert.x causes at every start with
   * metrics on (it registers one event-bus gauge twice); Hazelcast's, whose joins and leaves
   * FluxLit logs itself (logger {@code fluxlit.cluster}).
   */
  public static final Map<String, Level> LEVELS = Map.of(
    "io.netty", Level.WARN,
    "io.micrometer.core.instrument.MeterRegistry", Level.ERROR,
    "io.vertx", Level.INFO,
    "com.hazelcast", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = TextLogConfigurator.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null
      || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
    rules.put("requestId", RequestIdConverter::new);
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.start();

    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stdout);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
