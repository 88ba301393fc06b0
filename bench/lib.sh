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

# signin_cookie PAGE_URL USER PASSWORD: signs in through the sign-in gate in front of PAGE_URL (a
# page the upstream serves: the gate sends the browser back to it) as a browser would, on the provider's real login form (Keycloak's: the form with id kc-form-login), with curl
# and a cookie jar; prints the session cookie as NAME=VALUE for a Cookie header. Stops when a step
# does not answer as it should.
signin_cookie() {
  local page_url="$1" jar page action cookie
  jar="$(mktemp)"
  # A page opened by a browser: 302 to the provider, which answers its login form.
  page="$(curl -sS -L -f -c "$jar" -b "$jar" -H 'Sec-Fetch-Mode: navigate' -H 'Accept: text/html' "$page_url")" \
    || { rm -f "$jar"; die "sign-in: GET $page_url as a browser did not reach the provider's login form"; }
  action="$(printf '%s' "$page" | tr '\n' ' ' | grep -o '<form[^>]*id="kc-form-login"[^>]*>' \
    | sed -n 's/.* action="\([^"]*\)".*/\1/p' | sed 's/&amp;/\&/g')"
  [ -n "$action" ] || { rm -f "$jar"; die "sign-in: no login form (kc-form-login) on the provider's page"; }
  # The form, then the provider's 302 to the gate's callback, then the callback's 302 back to the page.
  curl -sS -L -f -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=$2" --data-urlencode "password=$3" \
    --data-urlencode credentialId= "$action" \
    || { rm -f "$jar"; die "sign-in: posting the login form, the callback or $page_url failed"; }
  cookie="$(awk '$6 == "fluxlit_session" { print $6 "=" $7 }' "$jar")"
  rm -f "$jar"
  [ -n "$cookie" ] || die "sign-in: the gate in front of $page_url set no fluxlit_session cookie"
  printf '%s\n' "$cookie"
}
