#!/usr/bin/env bash
# Runs the whole test suite: unit tests (Surefire) and the *IT integration tests against the
# packaged jar, including the headless-Chromium browser tests, the sign-in tests against a real
# Keycloak (scripts/keycloak.sh, started here) and README's first command run from
# a clean clone (Failsafe); then the examples' tests, docker-compose.yml started for real with
# podman (scripts/compose-test.sh), and the short fault runs (bench/faults/run.sh --short).
#
#   bash scripts/test.sh [extra Maven arguments, e.g. -Dit.test=JarIT]
#
# Installs what is missing first: Streamlit into .venv, Keycloak from Maven Central (it runs on the
# machine's JDK 21+, a missing one fails the run), and as root Debian's chromium,
# chromium-driver, prometheus (for promtool and the server the metrics tests run), and
# python3-venv, JDK, Maven, for the compose test podman, podman-compose, runc and mmdebstrap, and
# for the fault runs wrk and slowhttptest.
# Not root and something is missing: it stops and says what to install.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

started=$SECONDS

ensure_java_maven
ensure_venv
ensure_browser
ensure_prometheus

# The sign-in tests' OpenID provider, started once for the whole run (it takes 20 s or more).
# Its owner is this run: a later start treats it as stale only once this run is gone.
keycloak_line=$(FLUXLIT_KEYCLOAK_OWNER_PID=$$ bash scripts/keycloak.sh start) || die "Keycloak did not start (scripts/keycloak.sh)"
export "${keycloak_line?}"
trap 'bash scripts/keycloak.sh stop "${KEYCLOAK_TEST_URL##*:}"' EXIT

# CI-friendly: no colours, no download progress, no prompts, headless Java, Selenium never
# tries to download a driver or browser of its own (the tests name Debian's).
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.awt.headless=true -Dstyle.color=never"
export SE_OFFLINE=true
export SE_AVOID_STATS=true
export PYTHONUNBUFFERED=1
export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# A test that hangs must fail the run, not eat CI's time: every test method and lifecycle
# method gets 5 minutes (JUnit interrupts it), and each forked test JVM 15 minutes.
log "mvn -B verify (unit tests, then the integration tests against target/fluxlit.jar)"
status=0
mvn -B --no-transfer-progress \
  -Djunit.jupiter.execution.timeout.default=5m \
  -Dsurefire.timeout=900 -Dfailsafe.timeout=900 \
  verify "$@" </dev/null || status=$?

# The examples compile against the installed FluxLit, so they run only on a green main suite:
# install it (no tests: they just ran), then build and test each example. extension-verticle's
# tests run its jar beside target/fluxlit.jar, in one JVM and clustered, as the docs say.
if [ "$status" -eq 0 ]; then
  log "examples: mvn install (root, no tests), then mvn verify of otel-tracing and extension-verticle"
  mvn -B -q --no-transfer-progress install -DskipTests </dev/null || status=$?
  for example in otel-tracing extension-verticle; do
    [ "$status" -eq 0 ] || break
    log "examples/$example: mvn verify"
    mvn -B --no-transfer-progress -Djunit.jupiter.execution.timeout.default=5m \
      -Dfailsafe.timeout=600 -f "examples/$example/pom.xml" verify </dev/null || status=$?
  done
fi

# docker-compose.yml with its Dockerfiles, built and started (target/fluxlit.jar is built by now).
if [ "$status" -eq 0 ]; then
  log "scripts/compose-test.sh: docker-compose.yml started for real (podman)"
  bash scripts/compose-test.sh </dev/null || status=$?
fi

# The short fault runs against the jar (docs/reliability.md): upstream resets, an upstream that
# never answers, 10,000 client aborts, slowloris, SIGTERM under load, 1,000 WebSockets. A row
# that misses its criterion fails the run; bench/faults/run.sh installs wrk and slowhttptest.
if [ "$status" -eq 0 ]; then
  log "fault runs: bash bench/faults/run.sh --short"
  bash bench/faults/run.sh --short </dev/null || status=$?
fi

log "finished in $((SECONDS - started)) s with status $status"
exit "$status"
