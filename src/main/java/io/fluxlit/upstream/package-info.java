/**
 * Where a Streamlit server listens ({@link io.fluxlit.upstream.Upstream}): the one value that the
 * gateway's hops, the pool's workers, the sidecar, the health probes and tracing all share. It
 * lives here, below all of them, so that none of them has to use another for it. Depends on no
 * other FluxLit package.
 */
package io.fluxlit.upstream;
