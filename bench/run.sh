#!/usr/bin/env bash
# FluxLit side-by-side benchmark: clients straight to the upstream ("direct"), through nginx, and
# through the FluxLit gateway, in alternating rounds on one machine. Prints a markdown table.
#
#   bench/run.sh [--duration S] [--rounds N] [--warmup S]
#
# Environment (defaults in brackets):
#   BENCH_DURATION [4]        seconds per measurement
#   BENCH_ROUNDS [3]          rounds; each runs every workload against direct, nginx and gateway
#   BENCH_WARMUP [3]          seconds of discarded load per workload and target before round 1
#   BENCH_LOAD_CPUS [0]       CPUs of the load generators and the upstreams (fixture, Streamlit)
#   BENCH_PROXY_CPUS [1]      CPUs of the proxy under test: nginx and the gateway alike
#   BENCH_CONNECTIONS [64]    wrk connections for the small GET, the POST and the API
#   BENCH_WORKLOADS [all]     a subset, e.g. "small ws_echo" (small large echo ws_echo ws_connect st_health st_asset)
#   BENCH_SKIP_BUILD [0]      1: use the jars already built
#   BENCH_GATEWAY_INSTANCES   FLUXLIT_GATEWAY_INSTANCES of the gateway [as many as nginx workers]
#   GATEWAY_JAVA_OPTS         JVM options of the gateway [conf/jvm.options + target/fluxlit.jsa]
#
# Installs what is missing (as root on Debian): nginx, wrk, curl, a JDK, Maven, Streamlit in .venv.
# Raw outputs go to bench/results/<timestamp>/ (git-ignored); the table also lands there as table.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../scripts/lib.sh"
cd "$REPO_ROOT"

DURATION="${BENCH_DURATION:-4}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
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

# --- what the benchmark needs ------------------------------------------------------------------
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
ensure_java_maven
ensure_venv
command -v python3 >/dev/null 2>&1 || apt_install python3

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f target/fluxlit.jar ] || [ ! -f bench/tools/target/fluxlit-bench-tools.jar ]; then
  log "building target/fluxlit.jar and bench/tools/target/fluxlit-bench-tools.jar"
  mvn -B -q -DskipTests package
  mvn -B -q -f bench/tools/pom.xml package
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
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CPUS COMMAND...: runs COMMAND pinned to CPUS, output in raw/NAME.log; sets LAST_PID.
start() {
  local name="$1" cpus="$2"
  shift 2
  taskset -c "$cpus" "$@" >"$RAW/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# wait_http URL SECONDS: polls until URL answers 200.
wait_http() {
  local url="$1" deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$url"; do
    [ "$SECONDS" -lt "$deadline" ] || die "no answer from $url within $2 s (logs in $RAW)"
    sleep 0.05
  done
}

free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

read -r FIXTURE_PORT STREAMLIT_PORT NGINX_FIXTURE_PORT NGINX_STREAMLIT_PORT GW_FIXTURE_PORT GW_STREAMLIT_PORT <<<"$(free_ports 6)"

log "fixture upstream on :$FIXTURE_PORT, Streamlit on :$STREAMLIT_PORT (CPUs $LOAD_CPUS)"
start fixture "$LOAD_CPUS" java -jar "$TOOLS_JAR" fixture --port "$FIXTURE_PORT"
start streamlit "$LOAD_CPUS" "$VENV_PYTHON" -m streamlit run examples/hello/app.py \
  --server.headless true --server.port "$STREAMLIT_PORT" --server.address 127.0.0.1 \
  --browser.gatherUsageStats false

log "nginx on :$NGINX_FIXTURE_PORT/:$NGINX_STREAMLIT_PORT ($NGINX_WORKERS worker(s), CPUs $PROXY_CPUS)"
sed -e "s#@PREFIX@#$WORK#g; s#@WORKERS@#$NGINX_WORKERS#; s#@FIXTURE_PORT@#$FIXTURE_PORT#; s#@STREAMLIT_PORT@#$STREAMLIT_PORT#" \
    -e "s#@NGINX_FIXTURE_PORT@#$NGINX_FIXTURE_PORT#; s#@NGINX_STREAMLIT_PORT@#$NGINX_STREAMLIT_PORT#" \
    "$BENCH_DIR/nginx.conf.template" >"$WORK/nginx.conf"
cp "$WORK/nginx.conf" "$RESULTS/nginx.conf"
start nginx "$PROXY_CPUS" "$NGINX_BIN" -p "$WORK" -c nginx.conf -g 'daemon off;'
NGINX_PID=$LAST_PID

log "gateway on :$GW_FIXTURE_PORT/:$GW_STREAMLIT_PORT ($GATEWAY_INSTANCES instance(s), CPUs $PROXY_CPUS, JVM options: ${GATEWAY_JAVA_OPTS:-none})"
# shellcheck disable=SC2086
start gateway-fixture "$PROXY_CPUS" env FLUXLIT_GATEWAY_INSTANCES="$GATEWAY_INSTANCES" FLUXLIT_STREAMLIT_UPSTREAM="http://127.0.0.1:$FIXTURE_PORT" \
  FLUXLIT_GATEWAY_PORT="$GW_FIXTURE_PORT" java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" run
GW_PID=$LAST_PID
# shellcheck disable=SC2086
start gateway-streamlit "$PROXY_CPUS" env FLUXLIT_GATEWAY_INSTANCES="$GATEWAY_INSTANCES" FLUXLIT_STREAMLIT_UPSTREAM="http://127.0.0.1:$STREAMLIT_PORT" \
  FLUXLIT_GATEWAY_PORT="$GW_STREAMLIT_PORT" java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" run

wait_http "http://127.0.0.1:$FIXTURE_PORT/small" 60
wait_http "http://127.0.0.1:$NGINX_FIXTURE_PORT/small" 30
wait_http "http://127.0.0.1:$GW_FIXTURE_PORT/small" 60
wait_http "http://127.0.0.1:$STREAMLIT_PORT/_stcore/health" 90
wait_http "http://127.0.0.1:$NGINX_STREAMLIT_PORT/_stcore/health" 30
wait_http "http://127.0.0.1:$GW_STREAMLIT_PORT/_stcore/health" 30

# Streamlit's largest static asset.
ASSET_FILE="$("$VENV_PYTHON" -c '
import glob, os, streamlit
print(max(glob.glob(os.path.join(os.path.dirname(streamlit.__file__), "static/static/js/*.js")), key=os.path.getsize))')"
ASSET_PATH="/static/js/$(basename "$ASSET_FILE")"
ASSET_BYTES="$(stat -c %s "$ASSET_FILE")"
wait_http "http://127.0.0.1:$STREAMLIT_PORT$ASSET_PATH" 10

# --- workloads ---------------------------------------------------------------------------------
# url TARGET WORKLOAD: where WORKLOAD goes on TARGET (direct, nginx, gateway).
url() {
  local fixture streamlit scheme=http
  case "$1" in
    direct) fixture=$FIXTURE_PORT; streamlit=$STREAMLIT_PORT ;;
    nginx) fixture=$NGINX_FIXTURE_PORT; streamlit=$NGINX_STREAMLIT_PORT ;;
    gateway) fixture=$GW_FIXTURE_PORT; streamlit=$GW_STREAMLIT_PORT ;;
  esac
  case "$2" in
    ws_echo|ws_connect) scheme=ws ;;
  esac
  case "$2" in
    small) echo "$scheme://127.0.0.1:$fixture/small" ;;
    large) echo "$scheme://127.0.0.1:$fixture/large" ;;
    echo) echo "$scheme://127.0.0.1:$fixture/echo" ;;
    ws_echo|ws_connect) echo "$scheme://127.0.0.1:$fixture/ws" ;;
    st_health) echo "$scheme://127.0.0.1:$streamlit/_stcore/health" ;;
    st_asset) echo "$scheme://127.0.0.1:$streamlit$ASSET_PATH" ;;
    api_healthz) echo "$scheme://127.0.0.1:$fixture/api/healthz" ;;
  esac
}

# measure WORKLOAD TARGET SECONDS OUTFILE: a failed measurement is logged and reported, not fatal.
measure() {
  if ! measure_once "$@"; then
    log "warning: $1 on $2 failed: $(grep -v '^\s*at ' "$4" | tail -2 | tr '\n' ' ')"
  fi
}

measure_once() {
  local workload="$1" target="$2" seconds="$3" out="$4" u
  u="$(url "$target" "$workload")"
  case "$workload" in
    small|api_healthz) taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency "$u" >"$out" 2>&1 ;;
    echo) taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s "$BENCH_DIR/post-1k.lua" "$u" >"$out" 2>&1 ;;
    large) taskset -c "$LOAD_CPUS" wrk -t1 -c16 -d"${seconds}s" --timeout 10s --latency "$u" >"$out" 2>&1 ;;
    st_health|st_asset) taskset -c "$LOAD_CPUS" wrk -t1 -c8 -d"${seconds}s" --timeout 10s --latency "$u" >"$out" 2>&1 ;;
    ws_echo) taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" ws-echo --url "$u" --connections 64 --size 64 \
      --warmup 1 --duration "$seconds" >"$out" 2>&1 ;;
    ws_connect) taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" ws-connect --url "$u" --concurrency 16 \
      --warmup 1 --duration "$seconds" >"$out" 2>&1 ;;
  esac
}

read -r -a WORKLOADS <<<"${BENCH_WORKLOADS:-small large echo ws_echo ws_connect st_health st_asset}"
TARGETS=(direct nginx gateway)

{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "duration=$DURATION rounds=$ROUNDS warmup=$WARMUP connections=$CONNECTIONS"
  echo "load_cpus=$LOAD_CPUS proxy_cpus=$PROXY_CPUS nginx_workers=$NGINX_WORKERS gateway_instances=$GATEWAY_INSTANCES"
  echo "gateway_java_opts=$GATEWAY_JAVA_OPTS"
  echo "asset=$ASSET_PATH asset_bytes=$ASSET_BYTES"
  echo "nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "nginx=$("$NGINX_BIN" -v 2>&1)"
  echo "wrk=$(wrk -v 2>&1 | head -1)"
  echo "git=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >"$RESULTS/meta.txt"

if [ "$WARMUP" != 0 ]; then
  log "warm-up: ${WARMUP}s per workload and target (discarded)"
  for workload in "${WORKLOADS[@]}"; do
    for target in "${TARGETS[@]}"; do
      measure "$workload" "$target" "$WARMUP" "$RAW/warmup-$workload-$target.txt"
    done
  done
  measure api_healthz gateway "$WARMUP" "$RAW/warmup-api_healthz-gateway.txt"
fi

for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS"
  for workload in "${WORKLOADS[@]}"; do
    # Rotate the order each round, so that drift within a round does not favour one target.
    for i in 0 1 2; do
      target="${TARGETS[$(((i + round) % 3))]}"
      measure "$workload" "$target" "$DURATION" "$RAW/r$round-$workload-$target.txt"
    done
  done
  measure api_healthz gateway "$DURATION" "$RAW/r$round-api_healthz-gateway.txt"
done

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
  taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" ws-hold --url "$(url "$target" ws_echo)" --count 1000 \
    >"$RAW/hold-$target.txt" 2>&1 &
  hold_pid=$!
  PIDS+=("$hold_pid")
  deadline=$((SECONDS + 120))
  until grep -q '^open 1000' "$RAW/hold-$target.txt"; do
    kill -0 "$hold_pid" 2>/dev/null || die "ws-hold through $target failed: $(tail -3 "$RAW/hold-$target.txt")"
    [ "$SECONDS" -lt "$deadline" ] || die "ws-hold through $target did not open 1,000 sessions in 120 s"
    sleep 0.2
  done
  echo "$target rss_kb=$(tree_rss_kb "$pid")" >>"$RESULTS/rss.txt"
  kill -TERM "$hold_pid" 2>/dev/null || true
  wait "$hold_pid" 2>/dev/null || true
}
log "memory with 1,000 WebSocket sessions"
echo "gateway idle_rss_kb=$(rss_kb "$GW_PID")" >"$RESULTS/rss.txt"
hold_sessions gateway "$GW_PID"
hold_sessions nginx "$NGINX_PID"

# --- start to ready --------------------------------------------------------------------------
# Start-up is not a proxy-vs-proxy comparison: the gateway starts as it would in production,
# on every CPU, with the launch options above.
log "start to ready: java -jar fluxlit.jar run (no upstream) until /api/readyz answers 200"
for attempt in 1 2 3; do
  port="$(free_ports 1)"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  env FLUXLIT_GATEWAY_PORT="$port" java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" run \
    >"$RAW/ready-$attempt.log" 2>&1 &
  ready_pid=$!
  PIDS+=("$ready_pid")
  deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/readyz"; do
    [ "$SECONDS" -lt "$deadline" ] || die "the gateway was not ready within 30 s"
    kill -0 "$ready_pid" 2>/dev/null || die "the gateway exited: $(tail -3 "$RAW/ready-$attempt.log")"
  done
  t1=$(date +%s%N)
  echo "attempt=$attempt ready_ms=$(((t1 - t0) / 1000000))" >>"$RESULTS/ready.txt"
  kill -TERM "$ready_pid" 2>/dev/null || true
  wait "$ready_pid" 2>/dev/null || true
done

python3 "$BENCH_DIR/report.py" "$RESULTS" | tee "$RESULTS/table.md"
log "raw results: $RESULTS"
