#!/usr/bin/env bash
# Starts docker-compose.yml for real, with Debian's podman and podman-compose, and checks it
# through the published port; then takes it down and checks that nothing is left.
#
#   bash scripts/compose-test.sh        (as root; scripts/test.sh runs it after the Maven suite)
#
# The compose file and the Dockerfiles in conf/docker/ are used unchanged. What differs from a
# machine with Docker and a registry (docs/deployment.md says the same):
#   - podman runs with a private containers.conf (CONTAINERS_CONF) and storage
#     (CONTAINERS_STORAGE_CONF) under $COMPOSE_TEST_STATE, never the machine's: the runc
#     runtime, cgroupfs, no default ulimits (podman's exceed the hard limits here);
#   - no registry answers, so the two base images are local stand-ins built from Debian
#     packages (mmdebstrap, podman import) and cached in that private storage;
#   - pip inside the build reads the host's pip settings (`pip config list`) and its local
#     package mirrors, mounted read-only into the build only;
#   - there is no systemd to schedule health checks: the script runs them (`podman healthcheck run`).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

started=$SECONDS
PROJECT=fluxlit-compose-test
PORT=8000 # published by docker-compose.yml
STATE="${COMPOSE_TEST_STATE:-/var/tmp/fluxlit-compose-test}"
RUN_STATE=/run/fluxlit-compose-test
SUITE="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
COMPOSE=(podman-compose -p "$PROJECT" -f docker-compose.yml)
CHECK_TIMEOUT_S=120

step() {
  log "compose test [$((SECONDS - started)) s] $*"
}

[ "$(id -u)" -eq 0 ] || die "the compose test runs rootful podman: run it as root"
ensure_podman
ensure_venv
if [ ! -f target/fluxlit.jar ]; then
  step "building target/fluxlit.jar (the gateway image copies it)"
  mvn -B -q package -Dmaven.test.skip=true </dev/null
fi

mkdir -p "$STATE" "$RUN_STATE"
# One run at a time: the port and the project name are fixed.
exec 9>"$STATE/lock"
flock -w 600 9 || die "another compose test still holds $STATE/lock after 10 minutes"

# --- private podman configuration ---------------------------------------------------------------
cat >"$STATE/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$STATE/storage"
runroot = "$RUN_STATE/storage"
EOF
write_containers_conf() { # FILE [VOLUME...]
  local file="$1" volumes="" v
  shift
  for v in "$@"; do volumes="$volumes\"$v\", "; done
  cat >"$file" <<EOF
[containers]
default_ulimits = []
volumes = [${volumes%, }]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$RUN_STATE/libpod"
[network]
network_config_dir = "$STATE/networks"
EOF
}
export CONTAINERS_STORAGE_CONF="$STATE/storage.conf"
export CONTAINERS_CONF="$STATE/containers.conf"
write_containers_conf "$CONTAINERS_CONF"

# The host's effective pip settings as one file (plus no retries: a mirror answers or not), and
# the local paths they name, for the build's containers only.
pip_mounts="$("$VENV_PYTHON" - "$STATE/pip.conf" <<'EOF'
import configparser, os, subprocess, sys
listing = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=True).stdout
conf = configparser.ConfigParser(interpolation=None)
conf["global"] = {}
mounts = set()
for line in listing.splitlines():
    key, _, value = line.partition("=")
    section, _, name = key.partition(".")
    section = "global" if section == ":env:" else section
    value = value.strip().strip("'\"")
    conf.setdefault(section, {})
    conf[section][name] = value
    for token in value.split():
        path = token[len("file://"):] if token.startswith("file://") else token
        # A local index (…/simple) links to its files beside it: mount the directory above.
        path = os.path.dirname(path.rstrip("/")) if path.rstrip("/").endswith("/simple") else path
        if path.startswith("/") and os.path.exists(path):
            mounts.add(path)
conf["global"]["retries"] = "0"
with open(sys.argv[1], "w") as out:
    conf.write(out)
print("\n".join(sorted(mounts)))
EOF
)"
build_volumes=("$STATE/pip.conf:/etc/pip.conf:ro")
while IFS= read -r path; do
  [ -n "$path" ] && build_volumes+=("$path:$path:ro")
done <<<"$pip_mounts"
write_containers_conf "$STATE/build.conf" "${build_volumes[@]}"

# --- stand-in base images -------------------------------------------------------------------------
# ensure_stand_in IMAGE PACKAGES HOOK CHANGE...: a Debian minbase rootfs with PACKAGES, tagged
# IMAGE; rebuilt only when its recipe (label io.fluxlit.stand-in) changed.
ensure_stand_in() {
  local image="$1" packages="$2" hook="$3" key have
  shift 3
  local changes=()
  local c
  for c in "$@"; do changes+=(--change "$c"); done
  key="$(printf '%s\n' "$SUITE" "$packages" "$hook" "$@" | sha256sum | cut -c1-16)"
  have="$(podman image inspect --format '{{index .Labels "io.fluxlit.stand-in"}}' "$image" 2>/dev/null || true)"
  if [ "$have" = "$key" ]; then
    step "stand-in $image is cached ($key)"
    return 0
  fi
  local sources=()
  [ -f /etc/apt/sources.list.d/debian.sources ] && sources=(/etc/apt/sources.list.d/debian.sources)
  mmdebstrap --quiet --variant=minbase --include="$packages" --customize-hook="$hook" \
      "$SUITE" - "${sources[@]}" </dev/null \
    | podman import "${changes[@]}" --change "LABEL io.fluxlit.stand-in=$key" - "$image" >/dev/null
  step "stand-in $image built from Debian $SUITE: $packages"
}
arch="$(dpkg --print-architecture)"
step "stand-ins for the base images (no registry here)"
ensure_stand_in docker.io/library/eclipse-temurin:17-jre openjdk-17-jre-headless 'true' \
  "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" 'ENV LANG=C.UTF-8' 'CMD ["jshell"]' \
  >"$STATE/stand-in-jre.log" 2>&1 &
jre=$!
# The image's pip installs into the system Python, as python:3.11-slim's does: no PEP 668 marker.
ensure_stand_in docker.io/library/python:3.11-slim python3,python3-pip,python-is-python3,ca-certificates \
  'rm -f "$1"/usr/lib/python3*/EXTERNALLY-MANAGED' 'ENV LANG=C.UTF-8' 'CMD ["python3"]' \
  >"$STATE/stand-in-python.log" 2>&1 &
python=$!
wait "$jre" || { cat "$STATE/stand-in-jre.log" >&2; die "building the eclipse-temurin:17-jre stand-in failed"; }
wait "$python" || { cat "$STATE/stand-in-python.log" >&2; die "building the python:3.11-slim stand-in failed"; }
cat "$STATE/stand-in-jre.log" "$STATE/stand-in-python.log" >&2

# --- up -------------------------------------------------------------------------------------------
images() {
  podman images --format '{{.Repository}}:{{.Tag}}' | grep -E "/${PROJECT}_(gateway|streamlit):" || true
}
leftovers() {
  podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT"
  podman network ls --format '{{.Name}}' | grep -E "^${PROJECT}_" || true
}
down() {
  "${COMPOSE[@]}" down >>"$STATE/compose.log" 2>&1 || true
  podman network ls --format '{{.Name}}' | grep -E "^${PROJECT}_" | xargs -r podman network rm >>"$STATE/compose.log" 2>&1 || true
  images | xargs -r podman rmi >>"$STATE/compose.log" 2>&1 || true
}
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    log "compose test failed; the containers' logs:"
    podman logs "${PROJECT}_streamlit_1" 2>&1 | tail -20 >&2 || true
    podman logs "${PROJECT}_gateway_1" 2>&1 | tail -20 >&2 || true
    tail -30 "$STATE/compose.log" >&2 || true
  fi
  down
}
: >"$STATE/compose.log"
down # a run that was killed may have left its stack
if curl -s -o /dev/null -m 2 "http://127.0.0.1:$PORT/"; then
  die "port $PORT, which docker-compose.yml publishes, is already in use"
fi
trap on_exit EXIT

step "podman-compose build (the unchanged Dockerfiles, conf/docker/)"
# podman-compose 1.0.3 exits 0 when a build fails: the two images must exist.
CONTAINERS_CONF="$STATE/build.conf" "${COMPOSE[@]}" build >>"$STATE/compose.log" 2>&1 || true
[ "$(images | wc -l)" -eq 2 ] || die "podman-compose build did not build both images (see above)"
step "podman-compose up -d"
"${COMPOSE[@]}" up -d >>"$STATE/compose.log" 2>&1 || die "podman-compose up -d failed"

# The compose file's own health checks, run by podman (no systemd here to schedule them).
wait_healthy() { # SERVICE
  local name="${PROJECT}_$1_1" deadline=$((SECONDS + CHECK_TIMEOUT_S))
  until podman healthcheck run "$name" >/dev/null 2>&1; do
    [ "$(podman inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || die "$name is not running"
    [ "$SECONDS" -lt "$deadline" ] || die "$name is not healthy after ${CHECK_TIMEOUT_S} s"
    sleep 1
  done
  step "$1: health check green ($(podman inspect --format '{{.State.Health.Status}}' "$name"))"
}
wait_healthy streamlit
wait_healthy gateway

# --- checks through the published port ------------------------------------------------------------
base="http://127.0.0.1:$PORT"
page="$(curl -sS -m 10 "$base/")" || die "GET / failed"
grep -q '<title>Streamlit</title>' <<<"$page" || die "GET / is not Streamlit's page: $(head -c 300 <<<"$page")"
step "GET / through the gateway: Streamlit's page ($(wc -c <<<"$page") bytes)"

readyz="$(curl -sS -m 10 -w ' %{http_code}' "$base/api/readyz")" || die "GET /api/readyz failed"
[ "${readyz##* }" = 200 ] || die "GET /api/readyz answered ${readyz}"
step "GET /api/readyz: 200 ${readyz% *}"

# A Streamlit session as a browser tab opens one: the /_stcore/stream handshake, then one run.
session="$("$VENV_PYTHON" scripts/streamlit_session.py "ws://127.0.0.1:$PORT/_stcore/stream")" \
  || die "the WebSocket session through the gateway failed"
request_id="$(head -1 <<<"$session")"
[ -n "$request_id" ] || die "the 101 answer carried no X-Request-ID"
grep -qF "This session's request ID: \`$request_id\`" <<<"$session" \
  || die "the page does not show its session's request ID $request_id: $session"
step "/_stcore/stream: 101, X-Request-ID $request_id, the app ran and shows that ID"

deadline=$((SECONDS + 20))
until podman logs "${PROJECT}_gateway_1" 2>&1 | grep -F "\"request_id\":\"$request_id\"" | grep -qF '/_stcore/stream'; do
  [ "$SECONDS" -lt "$deadline" ] || die "the gateway container logged no /_stcore/stream line with $request_id"
  sleep 0.5
done
until podman logs "${PROJECT}_streamlit_1" 2>&1 | grep -qF "session request_id=$request_id"; do
  [ "$SECONDS" -lt "$deadline" ] || die "the streamlit container logged no line with $request_id"
  sleep 0.5
done
step "request ID $request_id in both containers' logs:"
podman logs "${PROJECT}_gateway_1" 2>&1 | grep -F "$request_id" | sed 's/^/    gateway:   /' >&2
podman logs "${PROJECT}_streamlit_1" 2>&1 | grep -F "$request_id" | sed 's/^/    streamlit: /' >&2

# Nothing here provokes an error: none may be logged.
errors="$(podman logs "${PROJECT}_gateway_1" 2>&1 | grep -E '"level":"ERROR"|Unhandled exception' || true)"
[ -z "$errors" ] || die "the gateway logged errors: $errors"

# --- down -----------------------------------------------------------------------------------------
subnet="$(podman network inspect --format '{{range .Subnets}}{{.Subnet}} {{end}}' "${PROJECT}_default" | awk '{print $1}')"
trap - EXIT
down
left="$(leftovers; images)"
[ -z "$left" ] || die "podman-compose down left behind: $left"
# netavark keeps its own (empty) chains; no rule may still name the stack's subnet or port.
if command -v iptables-save >/dev/null 2>&1; then
  rules="$(iptables-save 2>/dev/null | grep -F -e "${subnet:-none}" -e "dport $PORT " | grep -i netavark || true)"
  [ -z "$rules" ] || die "firewall rules left behind for $subnet: $rules"
fi
step "down: no container, network, firewall rule or built image left (stand-ins stay cached in $STATE)"
log "compose test passed in $((SECONDS - started)) s"
