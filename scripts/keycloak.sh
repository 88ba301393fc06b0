#!/usr/bin/env bash
# The real OpenID provider the sign-in tests run against (docs/auth.md, "Tests"): Keycloak, from
# Maven Central (org.keycloak:keycloak-quarkus-dist), in dev mode on loopback, with the test realm
# src/test/resources/keycloak/fluxlit-realm.json imported fresh at every start.
#
#   bash scripts/keycloak.sh start [PORT]   # prints KEYCLOAK_TEST_URL=http://127.0.0.1:PORT
#   bash scripts/keycloak.sh stop
#
# Keycloak needs Java 21+; the gateway itself stays on Java 17. The first JDK 21+ under
# /usr/lib/jvm is used (FLUXLIT_KEYCLOAK_JAVA_HOME overrides); none is an error, never a skip.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEYCLOAK_VERSION=26.5.6
KEYCLOAK_CACHE="${FLUXLIT_KEYCLOAK_CACHE:-$HOME/.cache/fluxlit/keycloak}"
KEYCLOAK_HOME="$KEYCLOAK_CACHE/keycloak-$KEYCLOAK_VERSION"
PID_FILE="$KEYCLOAK_CACHE/keycloak.pid"
LOG_FILE="$KEYCLOAK_CACHE/keycloak.log"
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

stop_keycloak() {
  if [ -f "$PID_FILE" ]; then
    local pid
    pid=$(cat "$PID_FILE")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
  fi
}

start_keycloak() {
  local port="${1:-}"
  local java_home
  java_home=$(java_21) || die "Keycloak (the sign-in tests' OpenID provider) needs Java 21+: none under /usr/lib/jvm; set FLUXLIT_KEYCLOAK_JAVA_HOME"
  ensure_keycloak_dist
  stop_keycloak
  if [ -z "$port" ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  # A fresh realm every start: the tests never see a previous run's sessions or rotated keys.
  rm -rf "$KEYCLOAK_HOME/data/h2" "$KEYCLOAK_HOME/data/import"
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$REALM_FILE" "$KEYCLOAK_HOME/data/import/"
  log "starting Keycloak $KEYCLOAK_VERSION on 127.0.0.1:$port (Java: $java_home; log: $LOG_FILE)"
  JAVA_HOME="$java_home" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" \
      --import-realm --log-level=WARN </dev/null >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local url="http://127.0.0.1:$port"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until curl -fsS -o /dev/null "$url/realms/fluxlit/.well-known/openid-configuration" 2>/dev/null; do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      tail -n 30 "$LOG_FILE" >&2
      die "Keycloak exited during start-up (log above)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 30 "$LOG_FILE" >&2; stop_keycloak; die "Keycloak not ready after ${START_TIMEOUT_S} s"; }
    sleep 0.5
  done
  log "Keycloak ready: $url/realms/fluxlit"
  printf 'KEYCLOAK_TEST_URL=%s\n' "$url"
}

case "${1:-}" in
  start) start_keycloak "${2:-}" ;;
  stop) stop_keycloak ;;
  *) die "usage: scripts/keycloak.sh start [PORT] | stop" ;;
esac
