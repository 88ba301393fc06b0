package io.fluxlit.tracing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The active {@link TraceHook}: the one {@link #install installed} programmatically, else the
 * first one {@link ServiceLoader} finds on the class path when this class is first used (once,
 * when the first gateway starts), else none.
 *
 * <p>The gateway decides whether to trace when it starts: install a hook before deploying
 * {@code FluxLitVerticle}. A hook installed later is not used by gateways already running.
 */
public final class TraceHooks {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.tracing");

  private static final int MAX_PROVIDER_ERRORS = 32;

  private static volatile TraceHook active = discover(TraceHooks.class.getClassLoader());

  private TraceHooks() {
  }

  /** @return the active hook, or {@code null}: check it before building any attributes */
  public static TraceHook active() {
    return active;
  }

  /**
   * Makes a hook the active one (for gateways started from now on).
   *
   * @param hook the hook, or {@code null} to trace nothing
   * @return the hook that was active before, to put it back later
   */
  public static TraceHook install(TraceHook hook) {
    TraceHook previous = active;
    active = hook;
    return previous;
  }

  /**
   * Looks for {@code META-INF/services/io.fluxlit.tracing.TraceHook} entries. A provider that
   * cannot be loaded or created is logged (WARN) and skipped: a broken tracer must not stop the
   * gateway. With several, the first in class-path order wins and the others are named.
   *
   * @param loader where to look
   * @return a new instance of the first working provider, or {@code null}
   */
  public static TraceHook discover(ClassLoader loader) {
    List<TraceHook> found = new ArrayList<>();
    Iterator<TraceHook> providers = ServiceLoader.load(TraceHook.class, loader).iterator();
    // The iterator moves past a provider that fails; the bound only guards against one that does not.
    for (int errors = 0; errors < MAX_PROVIDER_ERRORS; ) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        found.add(providers.next());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        errors++;
        LOG.warn("trace hook provider skipped: {}", e.toString());
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    TraceHook chosen = found.get(0);
    if (found.size() > 1) {
      LOG.warn("several trace hooks on the class path, using {} and ignoring {}", chosen.getClass().getName(),
        found.subList(1, found.size()).stream().map(h -> h.getClass().getName()).toList());
    }
    LOG.info("trace hook {} found on the class path", chosen.getClass().getName());
    return chosen;
  }
}
