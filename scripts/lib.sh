# Shared helpers for scripts/run-example.sh, scripts/test.sh and the benchmarks in bench/ (sourced, not run).
# Each ensure_* function installs what is missing: Debian packages through apt-get (as root
# only; otherwise it stops with a message saying what to install) and Streamlit into .venv.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_PYTHON="$REPO_ROOT/.venv/bin/python"
CHROMIUM_BIN=/usr/bin/chromium
CHROMEDRIVER_BIN=/usr/bin/chromedriver
PROMTOOL_BIN=/usr/bin/promtool
PROMETHEUS_BIN=/usr/bin/prometheus

export DEBIAN_FRONTEND=noninteractive
export PIP_NO_INPUT=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
# The package mirror answers or it does not: retrying only delays the error.
export PIP_RETRIES="${PIP_RETRIES:-0}"

_APT_UPDATED=0

log() {
  printf '[fluxlit] %s\n' "$*" >&2
}

die() {
  printf '[fluxlit] error: %s\n' "$*" >&2
  exit 1
}

# apt_install PACKAGE... : installs Debian packages (apt-get update first, once per run).
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: $*. Install them as root: apt-get update && apt-get install -y $*"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing packages $* and no apt-get to install them with"
  if [ "$_APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    apt-get update -q </dev/null || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  # Another apt-get (a shared machine, unattended upgrades) holds the lock: wait for it.
  apt-get install -y -q -o DPkg::Lock::Timeout=300 "$@" </dev/null || die "apt-get install $* failed"
}

# ensure_java_maven: java 17+ and mvn on PATH.
ensure_java_maven() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}

# ensure_venv: .venv/bin/python that can import streamlit.
ensure_venv() {
  if [ -x "$VENV_PYTHON" ] && "$VENV_PYTHON" -c 'import streamlit' >/dev/null 2>&1; then
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
  if [ ! -x "$VENV_PYTHON" ]; then
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
      apt_install python3-venv
    fi
    log "creating .venv"
    rm -rf "$REPO_ROOT/.venv"
    python3 -m venv "$REPO_ROOT/.venv" || die "python3 -m venv .venv failed"
  fi
  log "installing streamlit into .venv (takes a minute the first time)"
  "$VENV_PYTHON" -m pip install --quiet streamlit </dev/null || die ".venv/bin/pip install streamlit failed"
  "$VENV_PYTHON" -c 'import streamlit' || die ".venv/bin/python still cannot import streamlit"
}

# ensure_browser: Debian's chromium and chromium-driver, for the browser test.
ensure_browser() {
  if [ ! -x "$CHROMEDRIVER_BIN" ] || [ ! -x "$CHROMIUM_BIN" ]; then
    apt_install chromium chromium-driver
  fi
  [ -x "$CHROMEDRIVER_BIN" ] || die "$CHROMEDRIVER_BIN is still missing after installing chromium-driver"
  [ -x "$CHROMIUM_BIN" ] || die "$CHROMIUM_BIN is still missing after installing chromium"
}

# ensure_prometheus: Debian's prometheus (promtool and the server), for the metrics tests:
# promtool checks a real scrape and the alert rules, and a real server scrapes a gateway.
ensure_prometheus() {
  if [ ! -x "$PROMTOOL_BIN" ] || [ ! -x "$PROMETHEUS_BIN" ]; then
    # Not the recommended node exporter: the tests need only these two binaries.
    apt_install --no-install-recommends prometheus
  fi
  [ -x "$PROMTOOL_BIN" ] || die "$PROMTOOL_BIN is still missing after installing prometheus"
  [ -x "$PROMETHEUS_BIN" ] || die "$PROMETHEUS_BIN is still missing after installing prometheus"
}

# jvm_options: the gateway's JVM options from conf/jvm.options (one per line, # comments),
# plus the class-data-sharing archive when target/fluxlit.jsa matches target/fluxlit.jar.
jvm_options() {
  local options=""
  if [ -f "$REPO_ROOT/conf/jvm.options" ]; then
    options="$(grep -v '^[[:space:]]*#' "$REPO_ROOT/conf/jvm.options" | tr '\n' ' ' || true)"
  fi
  if [ -f "$REPO_ROOT/target/fluxlit.jsa" ] && [ "$REPO_ROOT/target/fluxlit.jsa" -nt "$REPO_ROOT/target/fluxlit.jar" ]; then
    options="$options -XX:SharedArchiveFile=$REPO_ROOT/target/fluxlit.jsa"
  fi
  echo "$options"
}

# ensure_cds_archive: target/fluxlit.jsa, an application class-data-sharing archive of the
# classes the gateway loads to start and answer (about half the start-up time). Made by one
# training run (no upstream, a free port, one request, SIGTERM); redone when the jar is newer.
ensure_cds_archive() {
  local jar="$REPO_ROOT/target/fluxlit.jar" jsa="$REPO_ROOT/target/fluxlit.jsa" out pid url deadline
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    return 0
  fi
  log "creating target/fluxlit.jsa (class-data sharing: faster start-up)"
  rm -f "$jsa"
  out="$(mktemp)"
  # shellcheck disable=SC2046
  env -u FLUXLIT_STREAMLIT_UPSTREAM -u FLUXLIT_STREAMLIT_UPSTREAM_FILE FLUXLIT_GATEWAY_PORT=0 \
    java $(grep -v '^[[:space:]]*#' "$REPO_ROOT/conf/jvm.options" 2>/dev/null || true) \
    -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" run >"$out" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 60))
  url=""
  while [ -z "$url" ]; do
    url="$(grep -o 'FluxLit is ready: open http://[^ ]*' "$out" | sed 's/.*open //' || true)"
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      log "warning: the training run did not start; no class-data sharing archive ($(tail -1 "$out"))"
      rm -f "$out" "$jsa"
      return 0
    fi
    [ -n "$url" ] || sleep 0.1
  done
  curl -sf -o /dev/null "${url}api/healthz" || true
  curl -sf -o /dev/null "${url}api/readyz" || true
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
  [ -f "$jsa" ] || log "warning: the training run wrote no archive; starting without class-data sharing"
}

# ensure_podman: Debian's podman and podman-compose, the runc runtime (crun refuses this
# kernel's hybrid cgroups) and mmdebstrap (the compose test's stand-in base images).
ensure_podman() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v podman-compose >/dev/null 2>&1 || missing+=(podman-compose)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
  local tool
  for tool in podman podman-compose runc mmdebstrap flock curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is still missing after installing ${missing[*]:-nothing}"
  done
}

# ensure_fault_tools: what bench/faults/run.sh drives the gateway with: Debian's wrk,
# slowhttptest and curl, jcmd (from the JDK; measurements after a full GC), and the websockets
# library in .venv (the WebSocket clients and upstream).
ensure_fault_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v slowhttptest >/dev/null 2>&1 || missing+=(slowhttptest)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v jcmd >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
  local tool
  for tool in wrk slowhttptest curl jcmd; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is still missing after installing it"
  done
  if ! "$VENV_PYTHON" -c 'import websockets.asyncio.client' >/dev/null 2>&1; then
    log "installing websockets into .venv"
    "$VENV_PYTHON" -m pip install --quiet 'websockets>=13' </dev/null || die ".venv/bin/pip install websockets failed"
  fi
}
