/**
 * Typed, validated settings. {@link io.fluxlit.config.Setting} names every variable once;
 * {@link io.fluxlit.config.Settings} resolves command line over environment over defaults and
 * refuses unusable values with one line naming the setting.
 */
package io.fluxlit.config;
