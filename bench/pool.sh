#!/usr/bin/env bash
# The worker pool's benchmark (docs/scaling.md#the-benchmark): reruns per second and p99 rerun
# latency of a CPU-bound Streamlit app (bench/apps/cpu_rerun/app.py), driven over Streamlit's own
# WebSocket protocol by bench/streamlit_load.py, through
#   nginx    -> one Streamlit          (the usual deployment: one process; bench/nginx.conf.template,
#                                       the configuration bench/run.sh measures, with one worker)
#   FluxLit  --workers 1               (the same, with the gateway)
#   FluxLit  --workers 2               (the pool)
# all three started first (an idle Streamlit costs no CPU), then measured in rotation, ROUNDS
# times, so that a drifting machine load hits every target alike; the median round is reported.
#
#   bash bench/pool.sh [SESSIONS] [SECONDS] [WORK] [ROUNDS]   defaults: 8 sessions, 20 s, work=200, 3 rounds
#
# Needs target/fluxlit.jar (mvn -q -o package -DskipTests); installs nginx and websockets when
# missing. Traffic stays on 127.0.0.1. Prints one line per target and round, then a Markdown table
# of the medians (docs/scaling.md#the-benchmark).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../scripts/lib.sh"
source "$BENCH_DIR/lib.sh"
cd "$REPO_ROOT"

SESSIONS="${1:-8}"
SECONDS_MEASURED="${2:-20}"
WORK="${3:-200}"
ROUNDS="${4:-3}"
APP="${POOL_BENCH_APP:-bench/apps/cpu_rerun/app.py}"
LOAD="${POOL_BENCH_LOAD:-bench/streamlit_load.py}"
JAR="target/fluxlit.jar"
[ -f "$APP" ] && [ -f "$LOAD" ] || die "$APP or $LOAD is missing"
[ -f "$JAR" ] || die "build first: mvn -q -o package -DskipTests"
ensure_venv
"$VENV_PYTHON" -c 'import websockets' 2>/dev/null || "$VENV_PYTHON" -m pip install -q websockets
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"

WORKDIR="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
measure() { # NAME, WS_URL
  local line
  line="$("$VENV_PYTHON" "$LOAD" --url "$2" --sessions "$SESSIONS" --duration "$SECONDS_MEASURED" --warmup 3 \
    --query "work=$WORK" 2>>"$WORKDIR/load.err" | tail -1)"
  log "$1: $line"
  echo "$1 $line" >>"$WORKDIR/results"
}

log "nginx -> one Streamlit"
# The template also proxies bench/run.sh's fixture: here that port is free, with nothing behind it.
read -r ST_PORT NGINX_PORT NGINX_FIXTURE_PORT FIXTURE_PORT GW_PORT_1 GW_PORT_2 <<<"$(free_ports 6)"
"$VENV_PYTHON" -m streamlit run "$APP" --server.headless true --server.address 127.0.0.1 \
  --server.port "$ST_PORT" --browser.gatherUsageStats false >"$WORKDIR/streamlit.log" 2>&1 &
PIDS+=($!)
fill_template bench/nginx.conf.template PREFIX="$WORKDIR" WORKERS=1 FIXTURE_PORT="$FIXTURE_PORT" \
  STREAMLIT_PORT="$ST_PORT" NGINX_FIXTURE_PORT="$NGINX_FIXTURE_PORT" NGINX_STREAMLIT_PORT="$NGINX_PORT" \
  >"$WORKDIR/nginx.conf"
"$NGINX_BIN" -p "$WORKDIR" -c "$WORKDIR/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_http "http://127.0.0.1:$NGINX_PORT/_stcore/health" 120 "nginx in front of Streamlit"
declare -A GW_PORT=([1]="$GW_PORT_1" [2]="$GW_PORT_2")
for workers in 1 2; do
  log "FluxLit --workers $workers"
  FLUXLIT_GATEWAY_PORT="${GW_PORT[$workers]}" FLUXLIT_STREAMLIT_PYTHON="$VENV_PYTHON" \
    java -XX:+UseSerialGC -jar "$JAR" run "$APP" --workers "$workers" >"$WORKDIR/gateway-$workers.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:${GW_PORT[$workers]}/api/readyz" 120 "the gateway with $workers workers"
done

for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  measure "nginx-1-streamlit" "ws://127.0.0.1:$NGINX_PORT"
  measure "fluxlit-workers-1" "ws://127.0.0.1:${GW_PORT[1]}"
  measure "fluxlit-workers-2" "ws://127.0.0.1:${GW_PORT[2]}"
done
stop_all

log "results (sessions=$SESSIONS, ${SECONDS_MEASURED} s each, work=$WORK, $ROUNDS rounds, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
"$VENV_PYTHON" - "$WORKDIR/results" <<'PY'
import re, sys
import statistics
runs = {}
for line in open(sys.argv[1]):
    name = line.split()[0]
    fields = dict(re.findall(r"(\w+)=([^\s]+)", line))
    runs.setdefault(name, []).append((float(fields["rate"]), int(fields["p99_us"]) / 1000, int(fields["errors"])))
def med(name, i):
    return statistics.median(r[i] for r in runs[name])
base = med("fluxlit-workers-1", 0)
nginx = med("nginx-1-streamlit", 0)
print("| Target | Reruns/s (median) | p99 ms (median) | vs --workers 1 | vs nginx | Errors | Reruns/s per round |")
print("|---|---|---|---|---|---|---|")
for name in runs:
    rate = med(name, 0)
    print("| %s | %.1f | %.0f | %.2f× | %.2f× | %d | %s |" % (name, rate, med(name, 1), rate / base, rate / nginx,
          sum(r[2] for r in runs[name]), ", ".join("%.1f" % r[0] for r in runs[name])))
PY
