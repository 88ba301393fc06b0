package io.fluxlit.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a setting's value came from, strongest first: the command line, a {@code FLUXLIT_*}
 * environment variable, the settings file, or the built-in default (docs/configuration.md#precedence).
 *
 * @param layer the layer
 * @param file the settings file, only for {@link Layer#FILE}
 */
public record SettingSource(Layer layer, Path file) {

  /** The layers, in precedence order: an earlier one wins. */
  public enum Layer {
    /** A command-line flag or argument. */
    CLI,
    /** A {@code FLUXLIT_*} environment variable. */
    ENV,
    /** The settings file ({@code conf/fluxlit.json} or {@code --conf FILE}). */
    FILE,
    /** The main verticle's deployment config (the Vert.x launcher's {@code -conf}), in the file's place. */
    DEPLOYMENT,
    /** The default of {@link Setting}. */
    DEFAULT
  }

  /** A value from the command line. */
  public static final SettingSource CLI = new SettingSource(Layer.CLI, null);
  /** A value from the environment. */
  public static final SettingSource ENV = new SettingSource(Layer.ENV, null);
  /** A value from the main verticle's deployment config. */
  public static final SettingSource DEPLOYMENT = new SettingSource(Layer.DEPLOYMENT, null);
  /** The default value. */
  public static final SettingSource DEFAULT = new SettingSource(Layer.DEFAULT, null);

  /** Checks that exactly the file layer names a file. */
  public SettingSource {
    Objects.requireNonNull(layer, "layer");
    if ((layer == Layer.FILE) != (file != null)) {
      throw new IllegalArgumentException("a file source, and only a file source, names its file");
    }
  }

  /**
   * @param file the settings file
   * @return a value from that file
   */
  public static SettingSource file(Path file) {
    return new SettingSource(Layer.FILE, file);
  }

  /** @return how {@code config} shows it: {@code cli}, {@code env}, {@code file:<path>} or {@code default} */
  public String label() {
    return layer == Layer.FILE ? "file:" + file : layer.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
