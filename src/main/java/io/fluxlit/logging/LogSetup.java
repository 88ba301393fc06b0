package io.fluxlit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.fluxlit.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Applies the log settings at start: JSON lines ({@code logback-json.xml}) when
 * {@code FLUXLIT_LOG_FORMAT=json}, and the root level (debug mode raises INFO to DEBUG). A
 * configuration given with {@code -Dlogback.configurationFile} is left alone.
 */
public final class LogSetup {

  private LogSetup() {
  }

  /** @param settings the resolved settings */
  public static void apply(Settings settings) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    if (System.getProperty("logback.configurationFile") == null && settings.observability().jsonLogs()) {
      URL json = LogSetup.class.getResource("/logback-json.xml");
      try {
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(json);
      } catch (JoranException e) {
        throw new IllegalStateException("cannot load logback-json.xml", e);
      }
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(settings.observability().logLevel()));
  }
}
