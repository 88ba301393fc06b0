# The crowd first load, sourced by bench/run.sh after its other workloads (docs/performance.md#crowd-first-load):
# BENCH_CROWD_BROWSERS first-visit browsers at once, each fetching the URLs headless Chromium
# fetched for the example app (bench/crowd-urls.txt, recorded by bench/record_first_load.py) over
# at most 6 connections with Accept-Encoding: gzip, deflate, br, zstd. Targets, all in front of
# the run's one Streamlit: direct, nginx as operators write it (nginx.conf.template), nginx tuned
# (gzip on + proxy_cache, nginx-tuned.conf.template), Caddy with encode zstd gzip
# (Caddyfile-encode.template), and the gateway. Per measurement: complete pages/s, page time
# p50/p99, KiB on the wire per page, the proxy's CPU and Streamlit's CPU (streamlit_cpu_ms).

CROWD_BROWSERS="${BENCH_CROWD_BROWSERS:-100}"
# Discarded crowds the client runs in its own JVM before each measured one (BENCH_CROWD_CLIENT_WARMUP).
CROWD_CLIENT_WARMUP="${BENCH_CROWD_CLIENT_WARMUP:-2}"
CROWD_URLS="$BENCH_DIR/crowd-urls.txt"
read -r TUNED_PORT ENCODE_PORT <<<"$(free_ports 2)"
CROWD_TARGETS=(direct)
declare -A CROWD_PORT=([direct]="$STREAMLIT_PORT")
if has_peer nginx; then
  sed -e "s#@PREFIX@#$WORK#g; s#@WORKERS@#$NGINX_WORKERS#; s#@STREAMLIT_PORT@#$STREAMLIT_PORT#; s#@TUNED_PORT@#$TUNED_PORT#" \
    "$BENCH_DIR/nginx-tuned.conf.template" >"$WORK/nginx-tuned.conf"
  cp "$WORK/nginx-tuned.conf" "$RESULTS/nginx-tuned.conf"
  log "nginx tuned (gzip + proxy_cache) on :$TUNED_PORT ($NGINX_WORKERS worker(s), CPUs $PROXY_CPUS)"
  start nginx_tuned "$PROXY_CPUS" "$NGINX_BIN" -p "$WORK" -c nginx-tuned.conf -g 'daemon off;'
  TARGET_PIDS[nginx_tuned]=$LAST_PID
  CROWD_TARGETS+=(nginx nginx_tuned)
  CROWD_PORT[nginx]="${PUB_STREAMLIT[nginx]}"
  CROWD_PORT[nginx_tuned]="$TUNED_PORT"
fi
if has_peer caddy; then
  sed -e "s#@STREAMLIT_PORT@#$STREAMLIT_PORT#; s#@ENCODE_PORT@#$ENCODE_PORT#" \
    "$BENCH_DIR/Caddyfile-encode.template" >"$WORK/Caddyfile-encode"
  cp "$WORK/Caddyfile-encode" "$RESULTS/Caddyfile-encode"
  mkdir -p "$WORK/caddy-encode"
  log "Caddy with encode zstd gzip on :$ENCODE_PORT (GOMAXPROCS=$NGINX_WORKERS, CPUs $PROXY_CPUS)"
  start caddy_encode "$PROXY_CPUS" env HOME="$WORK/caddy-encode" XDG_DATA_HOME="$WORK/caddy-encode" \
    XDG_CONFIG_HOME="$WORK/caddy-encode" GOMAXPROCS="$NGINX_WORKERS" caddy run --adapter caddyfile \
    --config "$WORK/Caddyfile-encode"
  TARGET_PIDS[caddy_encode]=$LAST_PID
  CROWD_TARGETS+=(caddy_encode)
  CROWD_PORT[caddy_encode]="$ENCODE_PORT"
fi
CROWD_TARGETS+=(gateway)
CROWD_PORT[gateway]="${PUB_STREAMLIT[gateway]}"
for target in "${CROWD_TARGETS[@]}"; do
  wait_http "http://127.0.0.1:${CROWD_PORT[$target]}/_stcore/health" 30
done
echo "crowd_browsers=$CROWD_BROWSERS crowd_client_warmup=$CROWD_CLIENT_WARMUP crowd_urls=$(grep -vc '^#' "$CROWD_URLS") crowd_targets=${CROWD_TARGETS[*]}" >>"$RESULTS/meta.txt"

# streamlit_cpu_ticks: Streamlit's user + system CPU so far.
streamlit_cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$STREAMLIT_PID/stat" 2>/dev/null || echo 0
}

# measure_crowd TARGET OUTFILE WARMUP_TARGET: one crowd through TARGET, with the proxy's and
# Streamlit's CPU, after CROWD_CLIENT_WARMUP discarded crowds in the client's JVM through
# WARMUP_TARGET (TARGET itself when warm; direct for the cold crowd, so that TARGET's caches and JIT
# stay empty while the client's are not).
measure_crowd() {
  local proxy_before streamlit_before line warmups="$CROWD_CLIENT_WARMUP"
  # The client's own JIT is warmed by discarded crowds in the same JVM first; the CPU counters are
  # read between its "warmed" and the crowd.
  coproc CROWD_CLIENT { nice -n "$NICE" taskset -c "$LOAD_CPUS" java -jar "$TOOLS_JAR" crowd \
    --url "http://127.0.0.1:${CROWD_PORT[$1]}" --urls "$CROWD_URLS" --browsers "$CROWD_BROWSERS" \
    --warmup "$warmups" --warmup-url "http://127.0.0.1:${CROWD_PORT[$3]}" 2>&1; }
  local client_pid=$CROWD_CLIENT_PID
  if [ "$warmups" -gt 0 ]; then
    read -r line <&"${CROWD_CLIENT[0]}" || true
  fi
  proxy_before="$(cpu_ticks "$1")"
  streamlit_before="$(streamlit_cpu_ticks)"
  [ "$warmups" -gt 0 ] && echo go >&"${CROWD_CLIENT[1]}"
  cat <&"${CROWD_CLIENT[0]}" >"$2"
  wait "$client_pid" || log "warning: crowd on $1 failed: $(tail -2 "$2" | tr '\n' ' ')"
  echo "cpu_ms=$((($(cpu_ticks "$1") - proxy_before) * 1000 / CLK_TCK))" >>"$2"
  echo "streamlit_cpu_ms=$((($(streamlit_cpu_ticks) - streamlit_before) * 1000 / CLK_TCK))" >>"$2"
}

# One discarded crowd per target first: it fills nginx's and the gateway's caches (the table is
# the warm state; the cold one is in raw/warmup-crowd-*.txt, measured by a client warmed through
# direct) and warms the JIT.
log "crowd first load: $CROWD_BROWSERS browsers x $(grep -vc '^#' "$CROWD_URLS") URLs each, through ${CROWD_TARGETS[*]}"
for target in "${CROWD_TARGETS[@]}"; do
  measure_crowd "$target" "$RAW/warmup-crowd-$target.txt" direct
done
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!CROWD_TARGETS[@]}"; do
    target="${CROWD_TARGETS[$(((i + round) % ${#CROWD_TARGETS[@]}))]}"
    measure_crowd "$target" "$RAW/r$round-crowd-$target.txt" "$target"
  done
done

# Chromium's own first visit (empty profile, cache off) through each target on an emulated
# 20 Mbit/s link with 20 ms latency, the proxies' caches warm: time until the app has rendered.
# Opt-in (BENCH_CROWD_COLD=1) until it has run on a quiet machine: on the busy development machine
# one of its first tries timed out (docs/performance.md#crowd-first-load).
if [ "${BENCH_CROWD_COLD:-0}" = 1 ]; then
log "crowd: Chromium's cold first visit at 20 Mbit/s through ${CROWD_TARGETS[*]}"
for target in "${CROWD_TARGETS[@]}"; do
  nice -n "$NICE" taskset -c "$LOAD_CPUS" "$VENV_PYTHON" "$BENCH_DIR/cold_load.py" \
    --url "http://127.0.0.1:${CROWD_PORT[$target]}/" --mbit 20 --latency-ms 20 --runs 3 \
    >"$RAW/coldload-$target.txt" 2>&1 || log "warning: cold load through $target failed: $(tail -1 "$RAW/coldload-$target.txt")"
done
fi
