package io.fluxlit.sidecar;

import org.slf4j.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Copies the child's output into the gateway log, one line per log event. Runs on its own
 * daemon thread: a blocking read for the whole life of the child would otherwise hold a Vert.x
 * worker thread forever.
 */
final class OutputPump {

  private OutputPump() {
  }

  static Thread start(InputStream output, Logger logger) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isBlank()) {
            logger.info(line.strip());
          }
        }
      } catch (IOException e) {
        // The child is gone; its exit is reported by the sidecar.
      }
    }, "fluxlit-streamlit-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
