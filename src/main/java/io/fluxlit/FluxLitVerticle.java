package io.fluxlit;

import io.fluxlit.config.Settings;
import io.fluxlit.server.MainVerticle;

/**
 * The main verticle under its public name, for the Vert.x launcher
 * ({@code VertxApplication io.fluxlit.FluxLitVerticle -conf settings.json}) and for applications
 * that embed FluxLit: deployed without settings, it resolves its deployment config once, under the
 * {@code FLUXLIT_*} environment (docs/configuration.md#precedence). What it deploys is
 * {@link MainVerticle}'s start-up story.
 */
public final class FluxLitVerticle extends MainVerticle {

  /** Resolves the deployment config at start. */
  public FluxLitVerticle() {
    super(null);
  }

  /** @param settings already resolved settings */
  public FluxLitVerticle(Settings settings) {
    super(settings);
  }
}
