#!/usr/bin/env bash
# Fault-injection runs against the real gateway jar, with real peers: an upstream that resets,
# flaps or never answers, clients that go away mid-download, slowhttptest's slowloris, SIGTERM
# under wrk load, 1,000 WebSockets, a soak. One table row per scenario (docs/reliability.md).
#
#   bash bench/faults/run.sh [--short | --long | --all | SCENARIO...]
#
# --short (default): reset_mid_body upstream_never_answers client_aborts slowloris
#                    sigterm_under_load websockets_1000 (scripts/test.sh runs these)
# --long:            upstream_flapping soak (bench only; FAULTS_SOAK_S=600 by default)
#
# Exit status 1 when a row fails its criterion. Thresholds are FAULTS_* variables (see
# bench/faults/scenarios.py and docs/reliability.md). FAULTS_BUILD=1 rebuilds target/fluxlit.jar
# (it is built anyway when missing). Outputs go to bench/faults/results/<timestamp>/ (git-ignored).
#
# Installs what is missing (as root on Debian): wrk, slowhttptest, curl, a JDK (jcmd), and the
# websockets library into .venv.
set -euo pipefail

FAULTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$FAULTS_DIR/../../scripts/lib.sh"
cd "$REPO_ROOT"

ensure_java_maven
ensure_venv
ensure_fault_tools

if [ "${FAULTS_BUILD:-0}" = 1 ] || [ ! -f target/fluxlit.jar ]; then
  log "building target/fluxlit.jar"
  mvn -B -q --no-transfer-progress package -Dmaven.test.skip=true </dev/null
fi
ensure_cds_archive
# The recommended launch options: conf/jvm.options and the class-data sharing archive.
export GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS-$(jvm_options)}"
# 1,000 slow connections and 1,000 WebSockets need descriptors on both ends.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 8192 ] || die "open-file limit $(ulimit -n) is below 8192 (ulimit -n)"

log "fault runs: ${*:---short}"
exec "$VENV_PYTHON" "$FAULTS_DIR/faults.py" "$@"
