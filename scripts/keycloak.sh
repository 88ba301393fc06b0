#!/usr/bin/env bash
# The real OpenID provider the sign-in tests run against (docs/auth.md, "Tests"): Keycloak, from
# Maven Central (org.keycloak:keycloak-quarkus-dist), in dev mode on loopback, with the test realm
# src/test/resources/keycloak/fluxlit-realm.json imported fresh at every start.
#
#   bash scripts/keycloak.sh start [PORT]   # prints KEYCLOAK_TEST_URL=http://127.0.0.1:PORT
#   bash scripts/keycloak.sh stop PORT
#   FLUXLIT_KEYCLOAK_DRY_RUN=1 bash scripts/keycloak.sh start|stop ...   # says what it would stop, stops nothing
#
# Safe on a shared machine: each instance has its own pid file, $KEYCLOAK_CACHE/instances/PORT.pid,
# holding the pid and the pid of the run it serves (FLUXLIT_KEYCLOAK_OWNER_PID; scripts/test.sh
# passes its own). A pid file is believed only while that process is still this Keycloak
# ($KEYCLOAK_HOME/bin/kc.sh with --http-port=PORT): a dead or reused pid stops nothing. `start`
# stops only instances of its own that are stale (their owner run has ended, as when a test run
# was killed before its EXIT trap); an instance started without an owner (by hand, e.g. one shared
# by several runs) is never stale, and `stop PORT` is the only way to stop it. Instances of other
# users, other caches or other ports are left alone.
#
# Keycloak needs Java 21+; the gateway itself stays on Java 17. The first JDK 21+ under
# /usr/lib/jvm is used (FLUXLIT_KEYCLOAK_JAVA_HOME overrides); none is an error, never a skip.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEYCLOAK_VERSION=26.5.6
KEYCLOAK_CACHE="${FLUXLIT_KEYCLOAK_CACHE:-$HOME/.cache/fluxlit/keycloak}"
KEYCLOAK_HOME="$KEYCLOAK_CACHE/keycloak-$KEYCLOAK_VERSION"
INSTANCES="$KEYCLOAK_CACHE/instances"
REALM_FILE="$REPO_ROOT/src/test/resources/keycloak/fluxlit-realm.json"
# Keycloak starts in about 18 s on an idle machine; a loaded 2-core CI machine needs more.
START_TIMEOUT_S="${FLUXLIT_KEYCLOAK_START_TIMEOUT_S:-240}"

# java_21: prints the JAVA_HOME of a JDK 21 or newer.
java_21() {
  if [ -n "${FLUXLIT_KEYCLOAK_JAVA_HOME:-}" ]; then
    printf '%s\n' "$FLUXLIT_KEYCLOAK_JAVA_HOME"
    return 0
  fi
  local home major
  for home in /usr/lib/jvm/*/; do
    home="${home%/}"
    [ -x "$home/bin/java" ] || continue
    major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s\n' "$home"
      return 0
    fi
  done
  return 1
}

# ensure_keycloak_dist: the distribution unpacked under $KEYCLOAK_HOME.
ensure_keycloak_dist() {
  [ -x "$KEYCLOAK_HOME/bin/kc.sh" ] && return 0
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  mkdir -p "$KEYCLOAK_CACHE"
  log "downloading Keycloak $KEYCLOAK_VERSION from Maven Central"
  mvn -B -q --no-transfer-progress dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$KEYCLOAK_CACHE" </dev/null >&2 || die "could not fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION"
  unzip -q -o "$KEYCLOAK_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$KEYCLOAK_CACHE"
  rm -f "$KEYCLOAK_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
}

# pid_file PORT / log_file PORT: where the instance on PORT is recorded and logs.
pid_file() { printf '%s/%s.pid\n' "$INSTANCES" "$1"; }
log_file() { printf '%s/%s.log\n' "$INSTANCES" "$1"; }

# own_pid PORT: prints the pid recorded for PORT if that process is still the Keycloak this script
# started there (same kc.sh, same port); fails otherwise (no file, a dead pid, a reused pid).
own_pid() {
  local file pid owner args
  file=$(pid_file "$1")
  [ -f "$file" ] || return 1
  read -r pid owner <"$file" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args=$(ps -ww -o args= -p "$pid" 2>/dev/null) || return 1
  case "$args " in
    *"$KEYCLOAK_HOME/bin/kc.sh start-dev "*"--http-port=$1 "*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

# is_stale PORT: the instance's owner run (the second number of its pid file) has ended. An
# instance without an owner (0) is never stale.
is_stale() {
  local pid owner
  read -r pid owner <"$(pid_file "$1")" || true
  [[ "${owner:-0}" =~ ^[1-9][0-9]*$ ]] || return 1
  ! kill -0 "$owner" 2>/dev/null
}

# stop_instance PORT: stops the Keycloak this script started on PORT, if it is still there; any
# other process is left alone. kc.sh passes SIGTERM on to its JVM; both lead their own process
# group (setsid), so a JVM that outlives the grace period is killed with its group.
stop_instance() {
  local port="$1" pid
  if ! pid=$(own_pid "$port"); then
    if [ -f "$(pid_file "$port")" ]; then
      log "no Keycloak of this script runs on port $port any more: forgetting $(pid_file "$port")"
      [ -n "${FLUXLIT_KEYCLOAK_DRY_RUN:-}" ] || rm -f "$(pid_file "$port")"
    else
      log "no Keycloak of this script on port $port: nothing to stop"
    fi
    return 0
  fi
  if [ -n "${FLUXLIT_KEYCLOAK_DRY_RUN:-}" ]; then
    log "dry run: would stop Keycloak pid $pid on port $port"
    return 0
  fi
  log "stopping Keycloak pid $pid on port $port"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null && [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ]; then
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$port")"
}

# stop_stale: stops this cache's instances whose owner run has ended; forgets dead ones.
stop_stale() {
  local file port
  for file in "$INSTANCES"/*.pid; do
    [ -f "$file" ] || continue
    port=$(basename "$file" .pid)
    if ! own_pid "$port" >/dev/null; then
      stop_instance "$port"
    elif is_stale "$port"; then
      log "Keycloak on port $port outlived the run that started it (pid $(cut -d' ' -f2 "$file")): stale"
      stop_instance "$port"
    fi
  done
}

start_keycloak() {
  local port="${1:-}" pid
  [ -z "$port" ] || [[ "$port" =~ ^[0-9]+$ ]] || die "port '$port' is not a number"
  local java_home
  java_home=$(java_21) || die "Keycloak (the sign-in tests' OpenID provider) needs Java 21+: none under /usr/lib/jvm; set FLUXLIT_KEYCLOAK_JAVA_HOME"
  ensure_keycloak_dist
  mkdir -p "$INSTANCES"
  stop_stale
  if [ -z "$port" ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  elif pid=$(own_pid "$port"); then
    die "Keycloak pid $pid of this script already serves port $port and is not stale; stop it first (scripts/keycloak.sh stop $port) or choose another port"
  fi
  local owner="${FLUXLIT_KEYCLOAK_OWNER_PID:-0}"
  [[ "$owner" =~ ^[0-9]+$ ]] || die "FLUXLIT_KEYCLOAK_OWNER_PID='$owner' is not a process ID"
  local log_file pid_file
  log_file=$(log_file "$port")
  pid_file=$(pid_file "$port")
  if [ -n "${FLUXLIT_KEYCLOAK_DRY_RUN:-}" ]; then
    log "dry run: would start Keycloak on 127.0.0.1:$port (owner pid $owner)"
    return 0
  fi
  # A fresh realm every start: the tests never see a previous run's sessions or rotated keys.
  rm -rf "$KEYCLOAK_HOME/data/h2" "$KEYCLOAK_HOME/data/import"
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$REALM_FILE" "$KEYCLOAK_HOME/data/import/"
  log "starting Keycloak $KEYCLOAK_VERSION on 127.0.0.1:$port (Java: $java_home; log: $log_file)"
  JAVA_HOME="$java_home" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" \
      --import-realm --log-level=WARN </dev/null >"$log_file" 2>&1 &
  echo "$! $owner" >"$pid_file"
  local url="http://127.0.0.1:$port"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until curl -fsS -o /dev/null "$url/realms/fluxlit/.well-known/openid-configuration" 2>/dev/null; do
    if ! own_pid "$port" >/dev/null; then
      tail -n 30 "$log_file" >&2
      die "Keycloak exited during start-up (log above)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 30 "$log_file" >&2; stop_instance "$port"; die "Keycloak not ready after ${START_TIMEOUT_S} s"; }
    sleep 0.5
  done
  log "Keycloak ready: $url/realms/fluxlit"
  printf 'KEYCLOAK_TEST_URL=%s\n' "$url"
}

case "${1:-}" in
  start) start_keycloak "${2:-}" ;;
  stop)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || die "usage: scripts/keycloak.sh stop PORT (the port start printed; nothing else is stopped)"
    stop_instance "$2" ;;
  *) die "usage: scripts/keycloak.sh start [PORT] | stop PORT" ;;
esac
