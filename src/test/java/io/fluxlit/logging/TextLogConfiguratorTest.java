package io.fluxlit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's log configuration is made in code ({@link TextLogConfigurator}); {@code conf/logback.xml}
 * is the same configuration as XML for users to start from. The two must stay alike.
 */
class TextLogConfiguratorTest {

  @Test
  void confLogbackXmlMatchesTheConfigurator() throws IOException {
    String xml = Files.readString(projectDir().resolve("conf/logback.xml"));
    assertThat(xml).contains("<pattern>" + TextLogConfigurator.PATTERN + "</pattern>");
    assertThat(xml).contains("conversionWord=\"requestId\" class=\"" + RequestIdConverter.class.getName() + "\"");
    TextLogConfigurator.LEVELS.forEach((name, level) ->
      assertThat(xml).contains("<logger name=\"" + name + "\" level=\"" + level + "\"/>"));
    assertThat(xml).contains("<root level=\"INFO\">");
  }

  @Test
  void isTheConfigurationTheTestsRunWith() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.hazelcast").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void writesTheTextLineWithTheRequestId() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // SLF4J's provider sets one on the real context
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      TextLogConfigurator configurator = new TextLogConfigurator();
      configurator.setContext(context);
      assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      context.start();
      ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT")).setOutputStream(captured);
      context.getLogger("fluxlit.test").info("hello");
      context.getLogger("io.netty.test").info("not shown: io.netty is at WARN");
    } finally {
      context.stop();
    }
    assertThat(captured.toString()).matches(
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  fluxlit.test request_id=- hello\\R");
  }

  private static Path projectDir() {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    return Path.of(dir != null ? dir : System.getProperty("user.dir"));
  }
}
