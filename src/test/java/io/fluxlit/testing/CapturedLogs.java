package io.fluxlit.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import io.fluxlit.logging.RequestIdConverter;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Captures what a real Logback logger writes during a test (and restores its level after). */
public final class CapturedLogs implements AutoCloseable {

  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final List<String> formatted = new CopyOnWriteArrayList<>();
  private final PatternLayout layout = new PatternLayout();
  /** Formats on the logging thread, as the synchronous console appender does. */
  private final AppenderBase<ILoggingEvent> formatter = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      formatted.add(layout.doLayout(event));
    }
  };

  public CapturedLogs(String loggerName, Level level) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    previous = logger.getLevel();
    logger.setLevel(level);
    appender.start();
    logger.addAppender(appender);
    layout.setContext(logger.getLoggerContext());
    layout.getInstanceConverterMap().put("requestId", RequestIdConverter::new);
    layout.setPattern("request_id=%requestId %msg");
    layout.start();
    formatter.setContext(logger.getLoggerContext());
    formatter.start();
    logger.addAppender(formatter);
  }

  /** @return each event as {@code request_id=<id> <message>}, formatted when it was logged */
  public List<String> lines() {
    return List.copyOf(formatted);
  }

  public List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  /** @return the key/values of an event, by key */
  public static Map<String, Object> fields(ILoggingEvent event) {
    return event.getKeyValuePairs() == null ? Map.of()
      : event.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.detachAppender(formatter);
    logger.setLevel(previous);
  }
}
