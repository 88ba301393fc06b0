#!/usr/bin/env bash
# Builds FluxLit and runs the gateway in front of examples/hello/app.py.
#
#   bash scripts/run-example.sh [extra arguments for `run`, e.g. --port 8080]
#
# Installs what is missing first: Streamlit into .venv (and, as root, Debian's python3-venv,
# JDK and Maven). The gateway logs "FluxLit is ready: open http://..." - open that URL.
# Stop it with Ctrl+C.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

ensure_java_maven
ensure_venv

log "building target/fluxlit.jar"
mvn -B -q package -Dmaven.test.skip=true

ensure_cds_archive

log "starting the gateway (Ctrl+C stops it); open the URL it logs once Streamlit is up"
# shellcheck disable=SC2046
exec java $(jvm_options) -jar target/fluxlit.jar run examples/hello/app.py "$@"
