#!/usr/bin/env bash
# FluxLit side-by-side benchmark: clients straight to the upstream ("direct"), through the peer
# proxies (nginx, HAProxy, Caddy, Spring Cloud Gateway) and through the FluxLit gateway, in
# rotating rounds on one machine. Prints markdown tables (docs/performance.md explains them).
#
#   bench/run.sh [--duration S] [--rounds N] [--warmup S]
#
# Environment (defaults in brackets):
#   BENCH_DURATION [3]        seconds per measurement
#   BENCH_ROUNDS [3]          rounds; each runs every workload against every target
#   BENCH_WARMUP [2]          seconds of one discarded warm-up run; the JVM targets (direct's
#                             fixture, the gateway, Spring Cloud Gateway) get such runs per workload
#                             before round 1 until two in a row agree (nginx, HAProxy, Caddy need none)
#   BENCH_WARMUP_TOLERANCE [10]  per cent: "agree" means rates within this of each other
#   BENCH_WARMUP_MAX [16]     seconds of warm-up per workload and target at most
#   BENCH_SCG_WARMUP [8]      seconds of warm-up per workload Spring Cloud Gateway gets at least
#   BENCH_WS_CLIENT_WARMUP [4]   seconds the WebSocket load client (a new JVM per measurement)
#                             warms itself up before it measures
#   BENCH_PEERS [nginx haproxy caddy scg]   the peers to run, a subset of those four
#   BENCH_LOAD_CPUS [0]       CPUs of the load generators and the upstreams (fixture, Streamlit)
#   BENCH_PROXY_CPUS [1]      CPUs of the proxy under test: every peer and the gateway alike
#   BENCH_CONNECTIONS [64]    wrk connections for the small GET, the POST and the API
#   BENCH_WORKLOADS [all]     a subset, e.g. "small ws_echo", or "st_rerun st_rerun_table" for the
#                             reruns alone (small large echo upload ws_echo ws_connect st_health
#                             st_asset st_rerun st_rerun_table api_healthz rss ready; the last three:
#                             the API over the event bus, memory with 1,000 WebSocket sessions,
#                             start to ready; crowd: the crowd first load, its own step, see
#                             bench/crowd.sh; "crowd" alone with BENCH_PEERS="nginx caddy" runs it
#                             against direct, nginx, nginx tuned, Caddy with encode, the gateway);
#                             and signin, only when named (it needs Keycloak): the 100 B GET through the gateway with the sign-in gate off ("gateway") and
#                             on ("gateway_b", a signed-in session cookie on every request; every
#                             response must be a 200), docs/performance.md "Sign-in: the cost of the gate"
#   BENCH_CROWD_BROWSERS [100]  first-visit browsers of the crowd workload, all at once
#   BENCH_CROWD_CLIENT_WARMUP [2] discarded crowds the crowd client runs in its own JVM before each measured one
#                             (through the target for a warm crowd, through direct for the cold one)
#   BENCH_CROWD_COLD [0]      1: also Chromium's cold first visit at 20 Mbit/s per crowd target
#   KEYCLOAK_TEST_URL         signin: the Keycloak with the test realm (fluxlit, client fluxlit-gateway,
#                             user alice) to sign in at [started with scripts/keycloak.sh and stopped
#                             at the end, which also stops one that script started before]
#   BENCH_RERUN_TARGETS [direct nginx gateway gateway_b]   targets of st_rerun and st_rerun_table
#                             (Streamlit reruns; st_rerun_table's script also shows a 1,000-row table)
#   BENCH_RERUN_SESSIONS [8]  Streamlit sessions of st_rerun
#   BENCH_RERUN_DURATION [20] seconds of each rerun measurement (a few seconds hold too few reruns:
#                             one late compilation or Streamlit's own noise decides the figure)
#   BENCH_RERUN_WARMUP [60]   seconds of the measured reruns themselves, in runs of new sessions,
#                             through each JVM target before its first measurement: Streamlit's rate
#                             is too low to compile the relay in the usual warm-up, and a warm-up
#                             with other reruns or without new sessions leaves the JIT recompiling
#                             during the measurement (docs/performance.md "The rerun profile")
#   BENCH_RERUN_COMPRESSION [browser]   what the rerun client offers: browser = permessage-deflate as
#                             browsers offer it (a target that accepts it compresses), none = nothing
#   BENCH_SKIP_BUILD [0]      1: use the jars already built
#   BENCH_GATEWAY_INSTANCES   FLUXLIT_GATEWAY_INSTANCES of the gateway [as many as nginx workers]
#   GATEWAY_JAVA_OPTS         JVM options of the gateway [conf/jvm.options + target/fluxlit.jsa]
#   GATEWAY_ENV               extra VAR=value settings for the gateway, e.g. "FLUXLIT_GATEWAY_TRANSPORT=epoll"
#   GATEWAY_B_ENV             set: a second gateway, target "gateway_b", with these settings instead
#                             (an A/B of one change in the same run), e.g. "FLUXLIT_GATEWAY_TRANSPORT=io_uring"
#   GATEWAY_B_JAVA_OPTS       JVM options of gateway_b [those of the gateway]
#   GATEWAY_B_JAR             the jar of gateway_b, e.g. one built from another commit [target/fluxlit.jar]
#   SCG_JAVA_OPTS [-Xms32m -Xmx512m]   JVM options of Spring Cloud Gateway
#   BENCH_NICE [0]            nice level of every process of the run (proxies, upstreams, load): a
#                             negative one (as root) gives them priority over other work on a
#                             shared machine (meta.txt records it)
#
# Installs what is missing (as root on Debian): nginx, haproxy, caddy, wrk, curl, a JDK, Maven,
# Streamlit and websockets in .venv; builds bench/tools and bench/scg (Spring Cloud Gateway, from
# Maven Central). Raw outputs go to bench/results/<timestamp>/ (git-ignored); the tables also land
# there as table.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../scripts/lib.sh"
source "$BENCH_DIR/lib.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-3}"
NICE="${BENCH_NICE:-0}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-2}"
WARMUP_TOLERANCE="${BENCH_WARMUP_TOLERANCE:-10}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-16}"
SCG_WARMUP="${BENCH_SCG_WARMUP:-8}"
# The WebSocket load client is a new JVM per measurement: it warms itself up for this many seconds
# before it measures.
WS_CLIENT_WARMUP="${BENCH_WS_CLIENT_WARMUP:-4}"
RERUN_SESSIONS="${BENCH_RERUN_SESSIONS:-8}"
RERUN_COMPRESSION="${BENCH_RERUN_COMPRESSION:-browser}"
RERUN_WARMUP="${BENCH_RERUN_WARMUP:-60}"
RERUN_DURATION="${BENCH_RERUN_DURATION:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1 (try --help)" ;;
  esac
done

if [ "$(nproc)" -ge 2 ]; then
  LOAD_CPUS="${BENCH_LOAD_CPUS:-0}"
  PROXY_CPUS="${BENCH_PROXY_CPUS:-1}"
else
  LOAD_CPUS="${BENCH_LOAD_CPUS:-0}"
  PROXY_CPUS="${BENCH_PROXY_CPUS:-0}"
fi
# One nginx worker per CPU the proxies get.
NGINX_WORKERS="$(taskset -c "$PROXY_CPUS" nproc)"
# The gateway gets as many event loops as nginx gets workers: one per CPU it may use
# (FLUXLIT_GATEWAY_INSTANCES; the default is one per core, see docs/performance.md).
GATEWAY_INSTANCES="${BENCH_GATEWAY_INSTANCES:-$NGINX_WORKERS}"

read -r -a PEERS <<<"${BENCH_PEERS-nginx haproxy caddy scg}"
for peer in "${PEERS[@]}"; do
  case "$peer" in
    nginx|haproxy|caddy|scg) ;;
    *) die "BENCH_PEERS: unknown peer $peer (nginx haproxy caddy scg)" ;;
  esac
done
has_peer() { [[ " ${PEERS[*]} " == *" $1 "* ]]; }
# Every target, in the table's order: the physical limit, the peers, the gateway.
TARGETS=(direct "${PEERS[@]}" gateway)
# The signin workload: gateway_b is the gateway with the sign-in gate on, so it can be no other A/B.
SIGNIN=0
[[ " ${BENCH_WORKLOADS:-} " != *" signin "* ]] || SIGNIN=1
if [ "$SIGNIN" = 1 ]; then
  [ -z "${GATEWAY_B_ENV:-}${GATEWAY_B_JAVA_OPTS:-}${GATEWAY_B_JAR:-}" ] \
    || die "BENCH_WORKLOADS: signin makes gateway_b the gateway with the sign-in gate on: leave GATEWAY_B_ENV, GATEWAY_B_JAVA_OPTS and GATEWAY_B_JAR unset"
  TARGETS+=(gateway_b)
elif [ -n "${GATEWAY_B_ENV:-}" ] || [ -n "${GATEWAY_B_JAVA_OPTS:-}" ] || [ -n "${GATEWAY_B_JAR:-}" ]; then
  TARGETS+=(gateway_b)
fi

# --- what the benchmark needs ------------------------------------------------------------------
missing=()
has_peer nginx && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] && missing+=(nginx)
has_peer haproxy && ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ] && missing+=(haproxy)
has_peer caddy && ! command -v caddy >/dev/null 2>&1 && missing+=(caddy)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
HAPROXY_BIN="$(command -v haproxy || echo /usr/sbin/haproxy)"
ensure_java_maven
ensure_venv
command -v python3 >/dev/null 2>&1 || apt_install python3
# The Streamlit load client (bench/streamlit_load.py) speaks WebSocket with `websockets`.
if ! "$VENV_PYTHON" -c 'import websockets' >/dev/null 2>&1; then
  log "installing websockets into .venv"
  "$VENV_PYTHON" -m pip install --quiet websockets </dev/null || die ".venv/bin/pip install websockets failed"
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f target/fluxlit.jar ] || [ ! -f bench/tools/target/fluxlit-bench-tools.jar ]; then
  log "building target/fluxlit.jar and bench/tools/target/fluxlit-bench-tools.jar"
  mvn -B -q -DskipTests package
  mvn -B -q -f bench/tools/pom.xml package
fi
SCG_JAR="$REPO_ROOT/bench/scg/target/fluxlit-bench-scg.jar"
if has_peer scg && { [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$SCG_JAR" ]; }; then
  log "building bench/scg/target/fluxlit-bench-scg.jar (Spring Cloud Gateway; Maven Central the first time)"
  mvn -B -q -f bench/scg/pom.xml package
fi
ensure_cds_archive
# The recommended launch options: conf/jvm.options and the class-data sharing archive.
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS-$(jvm_options)}"
GATEWAY_JAR="$REPO_ROOT/target/fluxlit.jar"
TOOLS_JAR="$REPO_ROOT/bench/tools/target/fluxlit-bench-tools.jar"

RESULTS="$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)"
RAW="$RESULTS/raw"
mkdir -p "$RAW"
WORK="$(mktemp -d /tmp/fluxlit-bench.XXXXXX)"
chmod 755 "$WORK"

# --- processes ---------------------------------------------------------------------------------
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ "${STARTED_KEYCLOAK:-0}" != 1 ] || bash "$REPO_ROOT/scripts/keycloak.sh" stop "${KEYCLOAK_TEST_URL##*:}"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CPUS COMMAND...: runs COMMAND pinned to CPUS, output in raw/NAME.log; sets LAST_PID.
start() {
  local name="$1" cpus="$2"
  shift 2
  nice -n "$NICE" taskset -c "$cpus" "$@" >"$RAW/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# Ports: one fixture port per target (so that no two proxies share upstream connections or their
# TIME_WAIT sockets), one Streamlit, and each proxy's two public ports (fixture, Streamlit).
read -r -a FREE <<<"$(free_ports $((1 + 3 * ${#TARGETS[@]})))"
STREAMLIT_PORT="${FREE[0]}"
# TARGET_PIDS: every process of a target; STREAMLIT_SIDE_PIDS: those that serve its Streamlit port
# (the gateway runs one JVM per upstream here, nginx one process for both).
declare -A UP_PORT PUB_FIXTURE PUB_STREAMLIT PROXY_PID TARGET_PIDS STREAMLIT_SIDE_PIDS
next=1
for target in "${TARGETS[@]}"; do
  UP_PORT[$target]="${FREE[$next]}"
  PUB_FIXTURE[$target]="${FREE[$((next + 1))]}"
  PUB_STREAMLIT[$target]="${FREE[$((next + 2))]}"
  next=$((next + 3))
done
PUB_FIXTURE[direct]="${UP_PORT[direct]}"
PUB_STREAMLIT[direct]="$STREAMLIT_PORT"
# Spring Cloud Gateway routes by path (Streamlit's /_stcore/ and /static/ vs the fixture's) on one port.
has_peer scg && PUB_STREAMLIT[scg]="${PUB_FIXTURE[scg]}"
FIXTURE_PORTS="$(IFS=,; echo "${UP_PORT[*]}")"
STREAMLIT_APP="$BENCH_DIR/apps/cpu_rerun/app.py"

log "fixture upstream on :$FIXTURE_PORTS, Streamlit ($STREAMLIT_APP) on :$STREAMLIT_PORT (CPUs $LOAD_CPUS)"
start fixture "$LOAD_CPUS" java -jar "$TOOLS_JAR" fixture --port "$FIXTURE_PORTS"
start streamlit "$LOAD_CPUS" "$VENV_PYTHON" -m streamlit run "$STREAMLIT_APP" \
  --server.headless true --server.port "$STREAMLIT_PORT" --server.address 127.0.0.1 \
  --browser.gatherUsageStats false
STREAMLIT_PID=$LAST_PID

# fill TARGET TEMPLATE: the template with the target's ports and the run's settings filled in.
fill() {
  fill_template "$2" PREFIX="$WORK" WORKERS="$NGINX_WORKERS" FIXTURE_PORT="${UP_PORT[$1]}" \
    STREAMLIT_PORT="$STREAMLIT_PORT" NGINX_FIXTURE_PORT="${PUB_FIXTURE[$1]}" NGINX_STREAMLIT_PORT="${PUB_STREAMLIT[$1]}" \
    PEER_FIXTURE_PORT="${PUB_FIXTURE[$1]}" PEER_STREAMLIT_PORT="${PUB_STREAMLIT[$1]}"
}

if has_peer nginx; then
  log "nginx on :${PUB_FIXTURE[nginx]}/:${PUB_STREAMLIT[nginx]} ($NGINX_WORKERS worker(s), CPUs $PROXY_CPUS)"
  fill nginx "$BENCH_DIR/nginx.conf.template" >"$WORK/nginx.conf"
  cp "$WORK/nginx.conf" "$RESULTS/nginx.conf"
  start nginx "$PROXY_CPUS" "$NGINX_BIN" -p "$WORK" -c nginx.conf -g 'daemon off;'
  PROXY_PID[nginx]=$LAST_PID
  TARGET_PIDS[nginx]=$LAST_PID
  STREAMLIT_SIDE_PIDS[nginx]=$LAST_PID
fi
if has_peer haproxy; then
  log "HAProxy on :${PUB_FIXTURE[haproxy]}/:${PUB_STREAMLIT[haproxy]} ($NGINX_WORKERS thread(s), CPUs $PROXY_CPUS)"
  fill haproxy "$BENCH_DIR/haproxy.cfg.template" >"$WORK/haproxy.cfg"
  cp "$WORK/haproxy.cfg" "$RESULTS/haproxy.cfg"
  start haproxy "$PROXY_CPUS" "$HAPROXY_BIN" -db -f "$WORK/haproxy.cfg"
  PROXY_PID[haproxy]=$LAST_PID
  TARGET_PIDS[haproxy]=$LAST_PID
  STREAMLIT_SIDE_PIDS[haproxy]=$LAST_PID
fi
if has_peer caddy; then
  log "Caddy on :${PUB_FIXTURE[caddy]}/:${PUB_STREAMLIT[caddy]} (GOMAXPROCS=$NGINX_WORKERS, CPUs $PROXY_CPUS)"
  fill caddy "$BENCH_DIR/Caddyfile.template" >"$WORK/Caddyfile"
  cp "$WORK/Caddyfile" "$RESULTS/Caddyfile"
  mkdir -p "$WORK/caddy"
  start caddy "$PROXY_CPUS" env HOME="$WORK/caddy" XDG_DATA_HOME="$WORK/caddy" XDG_CONFIG_HOME="$WORK/caddy" \
    GOMAXPROCS="$NGINX_WORKERS" caddy run --adapter caddyfile --config "$WORK/Caddyfile"
  PROXY_PID[caddy]=$LAST_PID
  TARGET_PIDS[caddy]=$LAST_PID
  STREAMLIT_SIDE_PIDS[caddy]=$LAST_PID
fi
SCG_JAVA_OPTS="${SCG_JAVA_OPTS--Xms32m -Xmx512m}"
if has_peer scg; then
  log "Spring Cloud Gateway on :${PUB_FIXTURE[scg]} ($NGINX_WORKERS Reactor Netty event loop(s), CPUs $PROXY_CPUS, JVM options: $SCG_JAVA_OPTS)"
  # shellcheck disable=SC2086
  start scg "$PROXY_CPUS" java $SCG_JAVA_OPTS -Dreactor.netty.ioWorkerCount="$NGINX_WORKERS" -jar "$SCG_JAR" \
    --server.port="${PUB_FIXTURE[scg]}" --fixture.url="http://127.0.0.1:${UP_PORT[scg]}" \
    --streamlit.url="http://127.0.0.1:$STREAMLIT_PORT"
  PROXY_PID[scg]=$LAST_PID
  TARGET_PIDS[scg]=$LAST_PID
  STREAMLIT_SIDE_PIDS[scg]=$LAST_PID
fi

# start_gateway TARGET JAR "JAVA_OPTS" "ENV" ["FIXTURE_ENV"]: the gateway TARGET twice, in front of
# its fixture port and in front of Streamlit, on the proxy CPUs (gateway_b is the same with one thing
# changed); FIXTURE_ENV: settings of the one in front of the fixture only.
start_gateway() {
  local target="$1" jar="$2" java_opts="$3" settings="$4" fixture_settings="${5:-}"
  log "$target on :${PUB_FIXTURE[$target]}/:${PUB_STREAMLIT[$target]} ($GATEWAY_INSTANCES instance(s), CPUs $PROXY_CPUS, JVM options: ${java_opts:-none}${settings:+, $settings}${fixture_settings:+, in front of the fixture: ${fixture_settings%% FLUXLIT_AUTH_COOKIE_SECRET=*}}${jar:+, $jar})"
  # shellcheck disable=SC2086
  start "$target-fixture" "$PROXY_CPUS" env FLUXLIT_GATEWAY_INSTANCES="$GATEWAY_INSTANCES" FLUXLIT_STREAMLIT_UPSTREAM="http://127.0.0.1:${UP_PORT[$target]}" \
    FLUXLIT_GATEWAY_PORT="${PUB_FIXTURE[$target]}" $settings $fixture_settings java $java_opts -jar "$jar" run
  PROXY_PID[$target]=$LAST_PID
  # shellcheck disable=SC2086
  start "$target-streamlit" "$PROXY_CPUS" env FLUXLIT_GATEWAY_INSTANCES="$GATEWAY_INSTANCES" FLUXLIT_STREAMLIT_UPSTREAM="http://127.0.0.1:$STREAMLIT_PORT" \
    FLUXLIT_GATEWAY_PORT="${PUB_STREAMLIT[$target]}" $settings java $java_opts -jar "$jar" run
  TARGET_PIDS[$target]="${PROXY_PID[$target]} $LAST_PID"
  STREAMLIT_SIDE_PIDS[$target]=$LAST_PID
}
start_gateway gateway "$GATEWAY_JAR" "$GATEWAY_JAVA_OPTS" "${GATEWAY_ENV:-}"
if [ "$SIGNIN" = 1 ]; then
  # The provider: Keycloak with the test realm, on the load CPUs (it only works for the one sign-in).
  if [ -z "${KEYCLOAK_TEST_URL:-}" ]; then
    STARTED_KEYCLOAK=1
    KEYCLOAK_TEST_URL="$(FLUXLIT_KEYCLOAK_OWNER_PID=$$ taskset -c "$LOAD_CPUS" bash scripts/keycloak.sh start | sed -n 's/^KEYCLOAK_TEST_URL=//p')"
  fi
  curl -sf -o /dev/null "$KEYCLOAK_TEST_URL/realms/fluxlit/.well-known/openid-configuration" \
    || die "KEYCLOAK_TEST_URL: no realm fluxlit at ${KEYCLOAK_TEST_URL:-(none)} (scripts/keycloak.sh start)"
  # gateway_b is the gateway with the gate on in front of the fixture, its other settings the
  # gateway's; the one in front of Streamlit stays as the gateway's (signin does not use it).
  GATEWAY_B_JAVA_OPTS="$GATEWAY_JAVA_OPTS" GATEWAY_B_ENV="${GATEWAY_ENV:-}"
  start_gateway gateway_b "$GATEWAY_JAR" "$GATEWAY_B_JAVA_OPTS" "$GATEWAY_B_ENV" \
    "FLUXLIT_AUTH_OIDC_ISSUER=$KEYCLOAK_TEST_URL/realms/fluxlit FLUXLIT_AUTH_OIDC_CLIENT_ID=fluxlit-gateway FLUXLIT_AUTH_OIDC_CLIENT_SECRET=fluxlit-gateway-secret FLUXLIT_PUBLIC_BASE_URL=http://127.0.0.1:${PUB_FIXTURE[gateway_b]} FLUXLIT_AUTH_COOKIE_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
elif [ -n "${PUB_FIXTURE[gateway_b]:-}" ]; then
  GATEWAY_B_JAVA_OPTS="${GATEWAY_B_JAVA_OPTS-$GATEWAY_JAVA_OPTS}"
  start_gateway gateway_b "${GATEWAY_B_JAR:-$GATEWAY_JAR}" "$GATEWAY_B_JAVA_OPTS" "${GATEWAY_B_ENV:-}"
fi

wait_http "http://127.0.0.1:${UP_PORT[direct]}/small" 60 "logs in $RAW"
wait_http "http://127.0.0.1:$STREAMLIT_PORT/_stcore/health" 90 "logs in $RAW"
SIGNIN_COOKIE=""
for target in "${TARGETS[@]}"; do
  if [ "$SIGNIN" = 1 ] && [ "$target" = gateway_b ]; then
    # Behind the gate /small needs a session: sign in once as alice on Keycloak's login form.
    wait_http "http://127.0.0.1:${PUB_FIXTURE[$target]}/api/healthz" 90 "logs in $RAW"
    SIGNIN_COOKIE="$(signin_cookie "http://127.0.0.1:${PUB_FIXTURE[$target]}/small" alice alice-password)"
    log "signed in at gateway_b as alice (Keycloak $KEYCLOAK_TEST_URL)"
  else
    wait_http "http://127.0.0.1:${PUB_FIXTURE[$target]}/small" 90 "logs in $RAW"
  fi
  wait_http "http://127.0.0.1:${PUB_STREAMLIT[$target]}/_stcore/health" 30 "logs in $RAW"
done

# session_header TARGET: the curl/wrk options that send the session cookie to TARGET (gateway_b
# of signin), one per line; nothing for the others.
session_header() {
  [ "$1" != gateway_b ] || [ -z "$SIGNIN_COOKIE" ] || printf '%s\n' -H "Cookie: $SIGNIN_COOKIE"
}

# check_proxy TARGET: the proxy does the work every proxy of the run must do: a request ID sent
# upstream and the same one echoed to the client, X-Forwarded-For/-Host/-Proto upstream.
check_proxy() {
  local response sent echoed header session
  mapfile -t session < <(session_header "$1")
  response="$(curl -sf -D - "${session[@]}" "http://127.0.0.1:${PUB_FIXTURE[$1]}/headers")" || die "$1: GET /headers failed"
  echoed="$(printf '%s' "$response" | tr -d '\r' | sed -n '/^$/q; s/^[Xx]-[Rr]equest-[Ii][Dd]: //p')"
  sent="$(printf '%s' "$response" | tr -d '\r' | sed '1,/^$/d' | sed -n 's/^[Xx]-[Rr]equest-[Ii][Dd]: //p')"
  [ -n "$sent" ] && [ "$sent" = "$echoed" ] || die "$1 does not send and echo one request ID (sent '$sent', echoed '$echoed')"
  for header in x-forwarded-for x-forwarded-host x-forwarded-proto; do
    printf '%s' "$response" | sed '1,/^\r\{0,1\}$/d' | grep -qi "^$header: " || die "$1 does not send $header upstream"
  done
}
for target in "${TARGETS[@]}"; do
  [ "$target" = direct ] || check_proxy "$target"
done

# Streamlit's largest static asset.
ASSET_FILE="$("$VENV_PYTHON" -c '
import glob, os, streamlit
print(max(glob.glob(os.path.join(os.path.dirname(streamlit.__file__), "static/static/js/*.js")), key=os.path.getsize))')"
ASSET_PATH="/static/js/$(basename "$ASSET_FILE")"
ASSET_BYTES="$(stat -c %s "$ASSET_FILE")"
wait_http "http://127.0.0.1:$STREAMLIT_PORT$ASSET_PATH" 10 "logs in $RAW"

# --- workloads ---------------------------------------------------------------------------------
# url TARGET WORKLOAD: where WORKLOAD goes on TARGET (direct, a peer, gateway).
url() {
  local fixture="${PUB_FIXTURE[$1]}" streamlit="${PUB_STREAMLIT[$1]}" scheme=http
  case "$2" in
    ws_echo|ws_connect|st_rerun|st_rerun_table) scheme=ws ;;
  esac
  case "$2" in
    small|signin) echo "$scheme://127.0.0.1:$fixture/small" ;;
    large) echo "$scheme://127.0.0.1:$fixture/large" ;;
    echo) echo "$scheme://127.0.0.1:$fixture/echo" ;;
    upload) echo "$scheme://127.0.0.1:$fixture/upload" ;;
    ws_echo|ws_connect) echo "$scheme://127.0.0.1:$fixture/ws" ;;
    st_health) echo "$scheme://127.0.0.1:$streamlit/_stcore/health" ;;
    st_asset) echo "$scheme://127.0.0.1:$streamlit$ASSET_PATH" ;;
    st_rerun|st_rerun_table) echo "$scheme://127.0.0.1:$streamlit" ;;
    api_healthz) echo "$scheme://127.0.0.1:$fixture/api/healthz" ;;
  esac
}

# pids_ticks PID...: user + system CPU time (clock ticks) so far of the processes and their
# children (nginx's master and workers); a process's exited threads count too.
pids_ticks() {
  local pid total=0
  for pid in "$@"; do
    for p in "$pid" $(pgrep -P "$pid" || true); do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$total"
}
# cpu_ticks TARGET: the CPU time of every process of a proxy (nginx's master and workers, both
# gateway JVMs); nothing for direct.
# shellcheck disable=SC2086
cpu_ticks() { pids_ticks ${TARGET_PIDS[$1]:-}; }
# rerun_ticks TARGET: the CPU time of what a rerun runs on: Streamlit and the target's processes
# in front of it (the gateway's JVM for Streamlit, not the idle one for the fixture), as
# "streamlit proxy".
# shellcheck disable=SC2086
rerun_ticks() { echo "$(pids_ticks "$STREAMLIT_PID") $(pids_ticks ${STREAMLIT_SIDE_PIDS[$1]:-})"; }
CLK_TCK="$(getconf CLK_TCK)"

# measure WORKLOAD TARGET SECONDS OUTFILE: a failed measurement is logged and reported, not fatal.
# Appends the target's CPU time over the measurement (cpu_ms=...), for CPU per request; for the
# reruns also Streamlit's and the Streamlit side's of the proxy (st_cpu_ms=, st_proxy_cpu_ms=),
# measured over the same run, for the CPU a rerun costs in all.
measure() {
  local before after rerun_before=() rerun_after=()
  before="$(cpu_ticks "$2")"
  [[ "$1" != st_rerun* ]] || read -r -a rerun_before <<<"$(rerun_ticks "$2")"
  if ! measure_once "$@"; then
    log "warning: $1 on $2 failed: $(grep -v '^\s*at ' "$4" | tail -2 | tr '\n' ' ')"
  fi
  after="$(cpu_ticks "$2")"
  echo "cpu_ms=$(((after - before) * 1000 / CLK_TCK))" >>"$4"
  if [[ "$1" == st_rerun* ]]; then
    read -r -a rerun_after <<<"$(rerun_ticks "$2")"
    echo "st_cpu_ms=$(((rerun_after[0] - rerun_before[0]) * 1000 / CLK_TCK)) st_proxy_cpu_ms=$(((rerun_after[1] - rerun_before[1]) * 1000 / CLK_TCK))" >>"$4"
  fi
}

# rerun_load WORKLOAD URL WARMUP SECONDS: Streamlit sessions rerunning the bench's app through URL.
rerun_load() {
  nice -n "$NICE" taskset -c "$LOAD_CPUS" "$VENV_PYTHON" "$BENCH_DIR/streamlit_load.py" --url "$2" \
    --sessions "$RERUN_SESSIONS" --warmup "$3" --duration "$4" --compression "$RERUN_COMPRESSION" \
    --query "$([ "$1" = st_rerun_table ] && echo rows=1000)"
}

measure_once() {
  local workload="$1" target="$2" seconds="$3" out="$4" u session
  u="$(url "$target" "$workload")"
  case "$workload" in
    signin)
      mapfile -t session < <(session_header "$target")
      nice -n "$NICE" taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
        -s "$BENCH_DIR/status-200.lua" "${session[@]}" "$u" >"$out" 2>&1
      # A 302 or 401 through the gate means the session cookie failed: the figures would be the gate's refusals.
      grep -q '^non_200=0$' "$out" || die "signin: not every response through $target was a 200 ($(grep -o '^non_200=.*' "$out" || tail -1 "$out")${session[*]:+; the session cookie failed}; $out)" ;;
    small|api_healthz) nice -n "$NICE" taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency "$u" >"$out" 2>&1 ;;
    echo) nice -n "$NICE" taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s "$BENCH_DIR/post-1k.lua" "$u" >"$out" 2>&1 ;;
    large) nice -n "$NICE" taskset -c "$LOAD_CPUS" wrk -t1 -c16 -d"${seconds}s" --timeout 10s --latency "$u" >"$out" 2>&1 ;;
    upload) nice -n "$NICE" taskset -c "$LOAD_CPUS" wrk -t1 -c2 -d"${seconds}s" --timeout 10s --latency -s "$BENCH_DIR/post-50m.lua" "$u" >"$out" 2>&1 ;;
    st_health|st_asset) nice -n "$NICE" taskset -c "$LOAD_CPUS" wrk -t1 -c8 -d"${seconds}s" --timeout 10s --latency "$u" >"$out" 2>&1 ;;
    ws_echo) nice -n "$NICE" taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" ws-echo --url "$u" --connections 64 --size 64 \
      --warmup "$WS_CLIENT_WARMUP" --duration "$seconds" >"$out" 2>&1 ;;
    ws_connect)
      # The sockets still in TIME_WAIT when the measurement starts (docs/performance.md).
      echo "time_wait_before=$(ss -Htan state time-wait | wc -l)" >"$out"
      nice -n "$NICE" taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" ws-connect --url "$u" --concurrency 16 \
        --warmup "$WS_CLIENT_WARMUP" --duration "$seconds" >>"$out" 2>&1 ;;
    st_rerun|st_rerun_table) rerun_load "$workload" "$u" 1 "$seconds" >"$out" 2>&1 ;;
  esac
}

read -r -a SELECTED <<<"${BENCH_WORKLOADS:-small large echo upload ws_echo ws_connect st_health st_asset st_rerun st_rerun_table api_healthz rss ready crowd}"
# WORKLOADS: those measured against every target in the rounds; api_healthz (the gateway only),
# rss, ready and crowd have their own steps.
WORKLOADS=()
for workload in "${SELECTED[@]}"; do
  case "$workload" in
    small|large|echo|upload|ws_echo|ws_connect|st_health|st_asset|st_rerun|st_rerun_table|signin) WORKLOADS+=("$workload") ;;
    api_healthz|rss|ready|crowd) ;;
    *) die "BENCH_WORKLOADS: unknown workload $workload (try --help)" ;;
  esac
done
selected() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
read -r -a RERUN_TARGETS <<<"${BENCH_RERUN_TARGETS:-direct nginx gateway gateway_b}"

# targets_of WORKLOAD: the targets WORKLOAD runs against (the reruns: those of BENCH_RERUN_TARGETS;
# signin: the gateway and gateway_b, which, the gate's, serves nothing else).
targets_of() {
  local target
  for target in "${TARGETS[@]}"; do
    if [ "$1" = signin ]; then
      [[ "$target" != gateway* ]] || echo "$target"
    elif [ "$SIGNIN" = 1 ] && [ "$target" = gateway_b ]; then
      continue
    elif [[ "$1" != st_rerun* ]] || [[ " ${RERUN_TARGETS[*]} " == *" $target "* ]]; then
      echo "$target"
    fi
  done
}

{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "duration=$DURATION rounds=$ROUNDS warmup=$WARMUP warmup_tolerance=$WARMUP_TOLERANCE warmup_max=$WARMUP_MAX scg_warmup=$SCG_WARMUP connections=$CONNECTIONS rerun_sessions=$RERUN_SESSIONS rerun_compression=$RERUN_COMPRESSION rerun_warmup=$RERUN_WARMUP rerun_duration=$RERUN_DURATION"
  echo "targets=${TARGETS[*]} workloads=${SELECTED[*]}"
  echo "load_cpus=$LOAD_CPUS proxy_cpus=$PROXY_CPUS nginx_workers=$NGINX_WORKERS gateway_instances=$GATEWAY_INSTANCES"
  echo "gateway_java_opts=$GATEWAY_JAVA_OPTS gateway_env=${GATEWAY_ENV:-}"
  [ -z "${PUB_FIXTURE[gateway_b]:-}" ] || echo "gateway_b_java_opts=$GATEWAY_B_JAVA_OPTS gateway_b_env=${GATEWAY_B_ENV:-} gateway_b_jar=${GATEWAY_B_JAR:-$GATEWAY_JAR}"
  [ "$SIGNIN" != 1 ] || echo "signin=gateway_b with the sign-in gate on, signed in as alice at $KEYCLOAK_TEST_URL/realms/fluxlit"
  echo "asset=$ASSET_PATH asset_bytes=$ASSET_BYTES"
  echo "nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) kernel=$(uname -r)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg) nice=$NICE"
  echo "ip_local_port_range=$(sysctl -n net.ipv4.ip_local_port_range 2>/dev/null | xargs) tcp_tw_reuse=$(sysctl -n net.ipv4.tcp_tw_reuse 2>/dev/null)"
  echo "java=$(java -version 2>&1 | head -1)"
  has_peer nginx && echo "nginx=$("$NGINX_BIN" -v 2>&1)"
  has_peer haproxy && echo "haproxy=$("$HAPROXY_BIN" -v 2>&1 | head -1)"
  has_peer caddy && echo "caddy=$(caddy version 2>&1 | head -1)"
  has_peer scg && echo "scg=$(unzip -l "$SCG_JAR" | grep -o 'spring-cloud-gateway-server-webflux-[0-9.]*jar\|spring-boot-[0-9][0-9.]*jar' | sort -u | xargs)"
  echo "wrk=$(wrk -v 2>&1 | head -1)"
  echo "streamlit=$("$VENV_PYTHON" -c 'import streamlit; print(streamlit.__version__)')"
  echo "git=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >"$RESULTS/meta.txt"

# is_jvm WORKLOAD TARGET: whether TARGET runs on a JVM for WORKLOAD, whose JIT compiles the code
# while it runs, so that its first seconds under load are far below its steady state (the
# gateway: about 15 s of the 100 B GET on one CPU, docs/performance.md "Warm-up").
is_jvm() {
  case "$2" in
    gateway|gateway_b|scg) return 0 ;;
    direct) [[ "$1" != st_* ]] ;; # the fixture (Vert.x); for st_* workloads direct is Streamlit
    *) return 1 ;; # native code: nothing to warm up
  esac
}

# warm_up WORKLOAD TARGET: discarded runs of WARMUP seconds until two in a row agree within
# WARMUP_TOLERANCE per cent (and, for Spring Cloud Gateway, at least SCG_WARMUP seconds), at most
# WARMUP_MAX seconds. Records the runs' rates in warmup.txt.
warm_up() {
  local workload="$1" target="$2" spent=0 previous="" current steady=no rates=""
  local minimum=$((2 * WARMUP))
  [ "$target" != scg ] || [ "$SCG_WARMUP" -le "$minimum" ] || minimum="$SCG_WARMUP"
  while [ "$spent" -lt "$WARMUP_MAX" ]; do
    # The load client's own warm-up can be short here: these runs are discarded anyway.
    WS_CLIENT_WARMUP=1 measure "$workload" "$target" "$WARMUP" "$RAW/warmup-$workload-$target-$spent.txt"
    spent=$((spent + WARMUP))
    current="$(python3 "$BENCH_DIR/report.py" --rate "$RAW/warmup-$workload-$target-$((spent - WARMUP)).txt")"
    rates="$rates${rates:+,}$current"
    if [ -n "$previous" ] && [ "$spent" -ge "$minimum" ] && python3 -c '
import sys
a, b, tol = (float(x) for x in sys.argv[1:])
sys.exit(0 if a > 0 and abs(b - a) <= tol / 100 * a else 1)' "$previous" "$current" "$WARMUP_TOLERANCE"; then
      steady=yes
      break
    fi
    previous="$current"
  done
  echo "$workload $target seconds=$spent steady=$steady rates=$rates" >>"$RESULTS/warmup.txt"
}

if [ "$WARMUP" = 0 ]; then
  log "warm-up: none (BENCH_WARMUP=0)"
else
  log "warm-up: ${WARMUP}s runs on the JVM targets until two in a row agree within ${WARMUP_TOLERANCE} % (at most ${WARMUP_MAX}s per workload; discarded)"
  : >"$RESULTS/warmup.txt"
  for workload in "${WORKLOADS[@]}"; do
    for target in $(targets_of "$workload"); do
      if is_jvm "$workload" "$target"; then
        if [[ "$workload" == st_rerun* ]]; then
          # The rate-based warm-up stops at once for the reruns (Streamlit sets the rate), while at a
          # few hundred frames a second the JVM is still compiling the relay; and the measured reruns,
          # each in new sessions, must find nothing new to compile: so the same reruns, in runs of
          # new sessions, for BENCH_RERUN_WARMUP seconds.
          for _ in $(seq 1 $(((RERUN_WARMUP + RERUN_DURATION - 1) / RERUN_DURATION))); do
            rerun_load "$workload" "$(url "$target" "$workload")" 0 "$RERUN_DURATION" >>"$RAW/warmup-$workload-$target.txt" 2>&1 ||
              log "warning: the $workload warm-up through $target failed"
          done
        else
          warm_up "$workload" "$target"
        fi
      fi
    done
  done
  if selected api_healthz; then
    warm_up api_healthz gateway
  fi
fi

for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS"
  for workload in "${WORKLOADS[@]}"; do
    read -r -a order <<<"$(targets_of "$workload" | xargs)"
    # Rotate the order each round, so that drift within a round does not favour one target.
    for i in "${!order[@]}"; do
      target="${order[$(((i + round) % ${#order[@]}))]}"
      measure "$workload" "$target" "$([[ "$workload" == st_rerun* ]] && echo "$RERUN_DURATION" || echo "$DURATION")" "$RAW/r$round-$workload-$target.txt"
    done
  done
  if selected api_healthz; then
    measure api_healthz gateway "$DURATION" "$RAW/r$round-api_healthz-gateway.txt"
  fi
done

# --- crowd first load (docs/performance.md#crowd-first-load) ------------------------------------
if selected crowd; then
  source "$BENCH_DIR/crowd.sh"
fi

# --- memory with 1,000 WebSocket sessions ------------------------------------------------------
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
tree_rss_kb() { # a process and its children (nginx: master + workers)
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(rss_kb "$pid")))
  done
  echo "$total"
}
hold_sessions() { # TARGET PID -> RSS in kB with 1,000 sessions open through TARGET
  local target="$1" pid="$2" hold_pid deadline
  nice -n "$NICE" taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" ws-hold --url "$(url "$target" ws_echo)" --count 1000 \
    >"$RAW/hold-$target.txt" 2>&1 &
  hold_pid=$!
  PIDS+=("$hold_pid")
  deadline=$((SECONDS + 120))
  until grep -qs '^open 1000' "$RAW/hold-$target.txt"; do
    kill -0 "$hold_pid" 2>/dev/null || die "ws-hold through $target failed: $(tail -3 "$RAW/hold-$target.txt")"
    [ "$SECONDS" -lt "$deadline" ] || die "ws-hold through $target did not open 1,000 sessions in 120 s"
    sleep 0.2
  done
  echo "$target rss_kb=$(tree_rss_kb "$pid")" >>"$RESULTS/rss.txt"
  kill -TERM "$hold_pid" 2>/dev/null || true
  wait "$hold_pid" 2>/dev/null || true
}
if selected rss; then
  log "memory with 1,000 WebSocket sessions"
  : >"$RESULTS/rss.txt"
  for target in $(targets_of rss); do
    [ "$target" = direct ] && continue
    echo "$target idle_rss_kb=$(tree_rss_kb "${PROXY_PID[$target]}")" >>"$RESULTS/rss.txt"
    hold_sessions "$target" "${PROXY_PID[$target]}"
  done
fi

# --- start to ready --------------------------------------------------------------------------
# Start-up is not a proxy-vs-proxy comparison: the gateway starts as it would in production,
# on every CPU, with the launch options above.
if selected ready; then
  log "start to ready: java -jar fluxlit.jar run (no upstream) until /api/readyz answers 200"
  for attempt in 1 2 3; do
    port="$(free_ports 1)"
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    env FLUXLIT_GATEWAY_PORT="$port" ${GATEWAY_ENV:-} java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" run \
      >"$RAW/ready-$attempt.log" 2>&1 &
    ready_pid=$!
    PIDS+=("$ready_pid")
    deadline=$((SECONDS + 30))
    until curl -sf -o /dev/null "http://127.0.0.1:$port/api/readyz"; do
      [ "$SECONDS" -lt "$deadline" ] || die "the gateway was not ready within 30 s"
      kill -0 "$ready_pid" 2>/dev/null || die "the gateway exited: $(tail -3 "$RAW/ready-$attempt.log")"
      # Poll every 10 ms: a busy loop of curl processes takes CPU from the JVM that is starting.
      sleep 0.01
    done
    t1=$(date +%s%N)
    echo "attempt=$attempt ready_ms=$(((t1 - t0) / 1000000))" >>"$RESULTS/ready.txt"
    kill -TERM "$ready_pid" 2>/dev/null || true
    wait "$ready_pid" 2>/dev/null || true
  done
fi

python3 "$BENCH_DIR/report.py" "$RESULTS" | tee "$RESULTS/table.md"
log "raw results: $RESULTS"
