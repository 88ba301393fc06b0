/**
 * Typed, validated settings. {@link io.fluxlit.config.Setting} names every variable once (its
 * settings-file key is derived from the name); {@link io.fluxlit.config.ResolvedSettings} layers
 * command line over {@code FLUXLIT_*} environment over the settings file
 * ({@link io.fluxlit.config.ConfFile}) over defaults and remembers each value's
 * {@link io.fluxlit.config.SettingSource}; {@link io.fluxlit.config.Settings} refuses unusable
 * values with one line naming the setting (or the file and key).
 */
package io.fluxlit.config;
