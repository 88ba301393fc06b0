# Helpers bench/run.sh and bench/pool.sh share (sourced after scripts/lib.sh, not run).

# wait_http URL SECONDS [WHERE]: polls until URL answers 200; else stops, naming WHERE to look.
wait_http() {
  local url="$1" deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$url"; do
    [ "$SECONDS" -lt "$deadline" ] || die "no answer from $url within $2 s${3:+ ($3)}"
    sleep 0.05
  done
}

# free_ports N: N distinct free loopback ports, space-separated (bound together, then released).
free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# fill_template TEMPLATE NAME=VALUE...: the template with every @NAME@ replaced by its VALUE.
fill_template() {
  local template="$1" pair script=()
  shift
  for pair in "$@"; do
    script+=(-e "s#@${pair%%=*}@#${pair#*=}#g")
  done
  sed "${script[@]}" "$template"
}
