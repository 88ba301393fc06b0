#!/usr/bin/env bash
# Builds FluxLit and the example extension, and runs the gateway in front of
# examples/hello/app.py with examples/extension-verticle loaded (GET /api/greet/<name>).
#
#   bash scripts/run-example.sh [extra arguments for `run`, e.g. --port 8080]
#
# Installs what is missing first: Streamlit into .venv (and, as root, Debian's python3-venv,
# JDK and Maven). The gateway logs "FluxLit is ready: open http://..." and the other URLs
# (API docs, readiness, metrics and debug when on) - open the first. Stop it with Ctrl+C.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

EXAMPLE_DIR=examples/extension-verticle
EXAMPLE_JAR="$EXAMPLE_DIR/target/extension-verticle.jar"
EXAMPLE_CLASS=io.fluxlit.examples.GreetingVerticle

# extension_is_stale: the example's jar is missing, or a source or its pom is newer than it.
extension_is_stale() {
  [ ! -f "$EXAMPLE_JAR" ] || [ -n "$(find "$EXAMPLE_DIR/src/main" "$EXAMPLE_DIR/pom.xml" -newer "$EXAMPLE_JAR" -print -quit)" ]
}

ensure_java_maven
ensure_venv

if extension_is_stale; then
  # The example compiles against the fluxlit artifact (its pom's provided dependency), so the
  # root is installed into ~/.m2 this time; later runs reuse the example's jar.
  log "building target/fluxlit.jar and installing it for the example (mvn install)"
  mvn -B -q install -Dmaven.test.skip=true </dev/null
  log "building $EXAMPLE_JAR (once; again only when its sources change)"
  mvn -B -q -f "$EXAMPLE_DIR/pom.xml" package -Dmaven.test.skip=true </dev/null
else
  log "building target/fluxlit.jar ($EXAMPLE_JAR is up to date)"
  mvn -B -q package -Dmaven.test.skip=true </dev/null
fi

ensure_cds_archive

# The example's point is one request ID across page, gateway and extension: the access line
# shows it (unless the caller says otherwise).
export FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG="${FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG:-true}"
export FLUXLIT_EXTENSIONS="${FLUXLIT_EXTENSIONS:-$EXAMPLE_CLASS}"

log "starting the gateway with $FLUXLIT_EXTENSIONS (Ctrl+C stops it); open the URL it logs once Streamlit is up"
# The class path starts as the class-data-sharing archive's did (the jar, absolute): the
# example's jar after it still lets the JVM use the archive.
# shellcheck disable=SC2046
exec java $(jvm_options) -cp "$REPO_ROOT/target/fluxlit.jar:$REPO_ROOT/$EXAMPLE_JAR" io.fluxlit.Main run examples/hello/app.py "$@"
