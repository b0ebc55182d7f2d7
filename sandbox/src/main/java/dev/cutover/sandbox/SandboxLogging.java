package dev.cutover.sandbox;

import java.nio.file.Path;
import java.util.logging.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Sends the logs of everything running in the sandbox (operator, workers, embedded PostgreSQL) to
 * a file, so that the terminal shows the migration and not the chatter of its parts.
 */
final class SandboxLogging {
  /** Held so the JUL configuration is not garbage-collected with its logger. */
  private static final java.util.logging.Logger MOCK_SERVER = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private SandboxLogging() {}

  static void toFile(Path file) {
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    builder.setConfigurationName("cutover-sandbox");
    builder.add(builder.newAppender("file", "File")
        .addAttribute("fileName", file.toString())
        .add(builder.newLayout("PatternLayout")
            .addAttribute("pattern", "%d{HH:mm:ss.SSS} %-5level [%t] %c{1.} %X %msg%n%throwable")));
    builder.add(builder.newRootLogger(org.apache.logging.log4j.Level.INFO).add(builder.newAppenderRef("file")));
    Configurator.reconfigure(builder.build());
    quietMockServer();
  }

  /** The mock API server logs every request it serves through java.util.logging. */
  static void quietMockServer() {
    MOCK_SERVER.setLevel(Level.WARNING);
  }
}
