"""The fault scenarios. Each starts its own upstream and gateway, warms them up, measures the
gateway's footprint (resident set, open descriptors), injects the fault, checks what the
clients saw, lets the gateway settle and measures again. Each returns one Row.

Every threshold is an environment variable (FAULTS_*, defaults below) so that a run can be
tightened. A criterion that needs a setting this gateway does not know yet (it logs "unknown
variable ...") is reported as awaiting that setting instead of failing the run; once the
gateway knows the setting, the criterion counts.
"""

import asyncio
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import clients
from harness import Footprint, Gateway, Upstream, env_float, env_int, settle, steady, wait_for

LARGE = 1024 * 1024
SETTLE_S = env_float("FAULTS_SETTLE_S", 20)


@dataclass
class Row:
    name: str
    done: str = ""
    clients: str = ""
    hangs: int = 0
    before: str = "n/a"
    after: str = "n/a"
    errors: int = 0
    error_samples: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    awaiting: list = field(default_factory=list)
    seconds: float = 0.0
    notes: str = ""

    @property
    def verdict(self):
        if self.failures:
            return "FAIL"
        return "PASS (awaits " + "; ".join(self.awaiting) + ")" if self.awaiting else "PASS"

    def check(self, ok, failure, needs=None, gateway=None):
        """Records failure unless ok. needs: a setting the criterion depends on; when the gateway
        does not know it, the failure is recorded as awaiting it instead."""
        if ok:
            return
        if needs and gateway is not None and f"unknown variable {needs}" in gateway.output():
            self.awaiting.append(f"{needs}: {failure}")
        else:
            self.failures.append(failure)


class Stage:
    """One scenario's upstream and gateway, stopped on exit; the footprint and ERROR-line checks."""

    def __init__(self, row, out_dir, upstream_kind, settings=None):
        self.row = row
        self.dir = out_dir / row.name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.upstream_kind = upstream_kind
        self.settings = settings or {}

    def __enter__(self):
        self.started = time.monotonic()
        self.upstream = Upstream(self.upstream_kind, self.dir)
        self.gateway = Gateway(self.upstream.url, self.dir, self.settings)
        return self

    def baseline(self):
        self.before = steady(self.gateway)
        self.row.before = str(self.before)
        return self.before

    def finish(self, gateway_stays=True):
        row = self.row
        if gateway_stays:
            after = settle(self.gateway, self.before, SETTLE_S)
            row.after = str(after)
            fd_tol = env_float("FAULTS_FD_TOLERANCE", 0.10)
            rss_tol = env_float("FAULTS_RSS_TOLERANCE", 0.10)
            # Above the baseline is a leak; below it is not (a fault closes pooled upstream
            # connections, the resident set may shrink).
            row.check(after.fds <= (1 + fd_tol) * self.before.fds,
                      f"open descriptors {self.before.fds} -> {after.fds} (more than +{fd_tol:.0%})")
            # Plus a fixed slack: two identical runs in a row differ by up to ~15 MiB of native
            # memory (compiler arenas, malloc fragments) with no growth from run to run
            # (docs/reliability.md, Method); a leak grows with the count and shows beyond it.
            slack_kib = env_float("FAULTS_RSS_SLACK_MIB", 16) * 1024
            row.check(after.rss_kib <= (1 + rss_tol) * self.before.rss_kib + slack_kib,
                      f"RSS {self.before.rss_kib // 1024} -> {after.rss_kib // 1024} MiB "
                      f"(more than +{rss_tol:.0%} + {slack_kib / 1024:g} MiB)")
        row.error_samples = self.gateway.error_lines()
        row.errors = len(row.error_samples)
        row.check(row.errors == 0, f"{row.errors} ERROR line(s), first: {row.error_samples[:1]}")
        row.check(row.hangs == 0, f"{row.hangs} hang(s)")

    def __exit__(self, *exc):
        self.gateway.stop(30)
        self.upstream.stop()
        self.row.seconds = time.monotonic() - self.started
        return False


def mix(counter):
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: str(kv[0])))


def warm(gateway, path, count, parallel=16):
    return clients.curl_many([gateway.url + path] * count, parallel, 10)


# ---------------------------------------------------------------------------------------------
def reset_mid_body(out):
    """The upstream resets half of the connections mid-body (after 64 KiB of a 1 MiB body) and
    the other half right after reading the request head."""
    n = env_int("FAULTS_RESET_REQUESTS", 1000)
    row = Row("reset_mid_body", done=f"{n} GETs, 16 at a time: half get 64 KiB of a 1 MiB body, then an "
                                     "upstream TCP reset; half get a reset before any answer")
    with Stage(row, out, "http") as st:
        urls = [st.gateway.url + ("/reset-body" if i % 2 == 0 else "/reset-head") for i in range(n)]
        # Warm-up: the same traffic, a fifth of it, so the baseline is the steady state.
        clients.curl_many(urls[:n // 5], 16, 10)
        warm(st.gateway, "/large", 200)
        st.baseline()
        seen = Counter()
        for t in clients.curl_many(urls, 16, 10):
            if t.exit == clients.CURL_TIMEOUT:
                row.hangs += 1
                seen["hang"] += 1
            elif t.url.endswith("/reset-body"):
                if t.status == 200 and t.exit != 0 and t.size < LARGE:
                    seen["mid-body: 200 cut short (client sees the error)"] += 1
                elif t.status == 200 and t.exit == 0 and t.size < LARGE:
                    seen["mid-body: 200 SILENTLY truncated"] += 1
                else:
                    seen[f"mid-body: {t.status} exit {t.exit}"] += 1
            else:
                seen[f"before head: {t.status}"] += 1
        row.check(seen["mid-body: 200 SILENTLY truncated"] == 0, "a truncated body looked complete")
        row.check(seen["before head: 502"] == n // 2, "a reset before the head was not answered 502")
        after = clients.curl_many([st.gateway.url + "/small"] * 50, 8, 5)
        ok = sum(1 for t in after if t.status == 200 and t.size == 100)
        seen["then /small: 200"] = ok
        row.check(ok == 50, f"only {ok}/50 normal requests served afterwards")
        row.clients = mix(seen)
        st.finish()
    return row


# ---------------------------------------------------------------------------------------------
def upstream_never_answers(out):
    """The upstream accepts connections, reads requests and never answers."""
    n = env_int("FAULTS_HANG_REQUESTS", 200)
    timeout = env_float("FAULTS_HANG_READ_TIMEOUT_S", 2)
    bound = timeout + env_float("FAULTS_HANG_MARGIN_S", 2)
    row = Row("upstream_never_answers",
              done=f"{n} GETs, 50 at a time, to an upstream that accepts and never answers "
                   f"(FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S={timeout:g}); /api/healthz probed every 0.25 s")
    settings = {"FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S": f"{timeout:g}",
                "FLUXLIT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT_S": f"{timeout:g}"}
    with Stage(row, out, "blackhole", settings) as st:
        warm(st.gateway, "/api/healthz", 200)
        clients.curl_many([st.gateway.url + "/hang"] * 50, 50, bound + 10)
        st.baseline()
        probes = Probe(st.gateway.url + "/api/healthz").start()
        transfers = clients.curl_many([st.gateway.url + "/hang"] * n, 50, bound + 10)
        probes.stop()
        seen = Counter()
        slowest = 0.0
        for t in transfers:
            if t.exit == clients.CURL_TIMEOUT:
                row.hangs += 1
                seen["hang"] += 1
            else:
                seen[t.status] += 1
                slowest = max(slowest, t.seconds)
        row.check(seen[504] + seen[503] == n, "not every request was answered 504 (or 503)")
        row.check(slowest <= bound, f"slowest answer {slowest:.1f} s > {bound:g} s")
        row.check(probes.worst() <= 1.0 and probes.failed() == 0,
                  f"/api/healthz held up: worst {probes.worst():.2f} s, {probes.failed()} failed")
        row.clients = (f"{mix(seen)}; slowest answer {slowest:.1f} s; /api/healthz {probes.count()} probes, "
                       f"all 200: {probes.failed() == 0}, worst {probes.worst() * 1000:.0f} ms")
        st.finish()
    return row


class Probe:
    """A normal request every `every` seconds in a thread, timed, until stopped."""

    def __init__(self, url, every=0.25):
        self.url = url
        self.every = every
        self.results = []
        self._stop = threading.Event()

    def start(self):
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            t = clients.curl_one(self.url, 10)
            self.results.append((time.monotonic(), t))
            self._stop.wait(self.every)

    def stop(self):
        self._stop.set()
        self.thread.join(15)

    def count(self):
        return len(self.results)

    def failed(self, since=0.0):
        return sum(1 for at, t in self.results if at >= since and t.status != 200)

    def worst(self, since=0.0):
        return max((t.seconds for at, t in self.results if at >= since), default=0.0)


# ---------------------------------------------------------------------------------------------
def client_aborts(out):
    """Clients go away mid-download: half with a TCP reset, half with a plain close."""
    n = env_int("FAULTS_ABORT_CLIENTS", 10000)
    row = Row("client_aborts", done=f"{n} clients, 50 at a time, GET a 1 MiB body and go away after 16 KiB "
                                    "(every other one with a TCP reset, the rest with FIN)")
    with Stage(row, out, "http") as st:
        asyncio.run(clients.abort_downloads("127.0.0.1", st.gateway.port, "/large", n // 5, 50, 16384, 10))
        warm(st.gateway, "/large", 100, 50)
        st.baseline()
        result = asyncio.run(clients.abort_downloads("127.0.0.1", st.gateway.port, "/large", n, 50, 16384, 10))
        row.hangs = result.hangs
        after = clients.curl_many([st.gateway.url + "/large"] * 50, 8, 10)
        ok = sum(1 for t in after if t.status == 200 and t.size == LARGE)
        # Every client gets 200, or a prompt 502 when the gateway's upstream connection failed
        # (never a hang, never a truncation passed off as complete). The share of 502s is
        # bounded by FAULTS_ABORT_MAX_502_SHARE: with Netty's epoll transport about 2 % of the
        # new upstream connections opened during this churn fail (docs/reliability.md, finding 3);
        # set it to 0 to require all 200.
        max_502 = env_float("FAULTS_ABORT_MAX_502_SHARE", 0.05)
        others = {k: v for k, v in result.statuses.items() if k not in (200, 502)}
        row.check(not others, f"answers other than 200/502: {others}")
        row.check(result.statuses[502] <= max_502 * n,
                  f"{result.statuses[502]}/{n} got 502 (more than {max_502:.0%})")
        row.check(ok == 50, f"only {ok}/50 full downloads afterwards")
        row.clients = (f"{mix(result.statuses)} ({result.statuses[502] / n:.1%} 502); {result.resets} went away with "
                       f"a reset, {result.fins} with FIN; "
                       f"then 1 MiB GETs: {ok}/50 complete")
        st.finish()
    return row


# ---------------------------------------------------------------------------------------------
def slowloris(out):
    """1,000 connections that send a request head one header line at a time (slowhttptest -H)."""
    n = env_int("FAULTS_SLOWLORIS_CONNECTIONS", 1000)
    header_timeout = env_float("FAULTS_SLOWLORIS_HEADER_TIMEOUT_S", 5)
    margin = env_float("FAULTS_SLOWLORIS_CUT_MARGIN_S", 5)
    probe_max = env_float("FAULTS_SLOWLORIS_PROBE_MAX_S", 1.0)
    length = int(header_timeout + margin + 6)
    setting = "FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S"
    row = Row("slowloris", done=f"slowhttptest -H -c {n} -r 500 -i 10 -l {length} ({setting}={header_timeout:g}); "
                                "a normal GET every 0.25 s; one raw half-sent head watched")
    with Stage(row, out, "http", {setting: f"{header_timeout:g}"}) as st:
        warm(st.gateway, "/small", 200)

        def attack(name):
            probes = Probe(st.gateway.url + "/small").start()
            raw = {}
            watcher = threading.Thread(target=half_head, args=(st.gateway.port, header_timeout + margin, raw),
                                       daemon=True)
            started = time.monotonic()
            watcher.start()
            rows, console, _ = clients.slowhttptest(st.gateway.url + "/small", n, 500, 10, length, st.dir / name)
            probes.stop()
            watcher.join(header_timeout + margin + 5)
            return rows, console, probes, raw, started

        # Warm-up: the same run once, so that the heap and buffer pools already have the size
        # 1,000 slow connections need; the measured run must not grow them further.
        attack("warm-up")
        st.baseline()
        rows, console, probes, raw, started = attack("slowhttptest")
        (st.dir / "slowhttptest.out").write_text(console)
        peak = max((r[3] for r in rows), default=0)
        full_at = next((r[0] for r in rows if r[3] >= 0.9 * peak), 0)
        cut_by = full_at + header_timeout + margin
        left = next((r[3] for r in rows if r[0] >= cut_by), rows[-1][3] if rows else n)
        if rows and rows[-1][0] < cut_by and "No open connections left" in console:
            # slowhttptest stops as soon as the gateway has closed them all, between two samples:
            # its last row is older than the close of the last ones.
            left = 0
        under_load = started + full_at
        row.check(peak >= 0.9 * n, f"slowhttptest held only {peak}/{n} connections: no load")
        row.check(probes.failed() == 0 and probes.worst(under_load) <= probe_max,
                  f"normal GET under slowloris: worst {probes.worst(under_load):.2f} s (> {probe_max:g} s) "
                  f"or {probes.failed()} failed")
        row.check(left <= 0.01 * n, f"{left}/{n} slow connections still open {cut_by:g} s in", needs=setting,
                  gateway=st.gateway)
        row.check(raw.get("outcome", "").startswith("408"), f"a half-sent head got: {raw.get('outcome')}",
                  needs=setting, gateway=st.gateway)
        row.clients = (f"peak {peak} slow connections open; {left} still open at {cut_by:g} s "
                       f"(header timeout {header_timeout:g} s + {margin:g} s); normal GETs: {probes.count()}, "
                       f"{probes.failed()} failed, worst {probes.worst() * 1000:.0f} ms; "
                       f"half-sent head: {raw.get('outcome')}")
        st.finish()
    return row


def half_head(port, wait_s, result):
    """Sends half a request head and waits wait_s for the gateway's answer."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /small HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        s.settimeout(wait_s)
        started = time.monotonic()
        data = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            result["outcome"] = f"no answer, still open after {wait_s:g} s"
            return
        except ConnectionError as e:
            result["outcome"] = f"reset ({e.__class__.__name__})"
            return
        took = time.monotonic() - started
        if not data:
            result["outcome"] = f"closed without an answer after {took:.1f} s"
            return
        status = data.split(b" ", 2)[1].decode()
        has_id = b"x-request-id" in data.lower()
        result["outcome"] = f"{status} after {took:.1f} s, X-Request-ID {'present' if has_id else 'MISSING'}"


# ---------------------------------------------------------------------------------------------
def sigterm_under_load(out):
    """SIGTERM while wrk drives 32 connections and 10 slow requests are in flight."""
    drain = env_float("FAULTS_SIGTERM_DRAIN_S", 10)
    slow_ms = 3000
    row = Row("sigterm_under_load",
              done=f"wrk -c 32 on /small; 10 GETs in flight (upstream answers after {slow_ms / 1000:g} s); "
                   f"SIGTERM (FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S={drain:g})")
    with Stage(row, out, "http", {"FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S": f"{drain:g}"}) as st:
        warm(st.gateway, "/small", 200)
        st.baseline()
        load = clients.start_wrk(st.gateway.url + "/small", 32, 8, st.dir / "wrk.out")
        wait_for(lambda: st.gateway.fds() > st.before.fds + 16, 10)
        time.sleep(2)  # two seconds of load before the signal: the fault's schedule
        inflight = {}
        slow = threading.Thread(target=lambda: inflight.setdefault(
            "t", clients.curl_many([f"{st.gateway.url}/slow?ms={slow_ms}"] * 10, 10, 30)), daemon=True)
        slow.start()
        wait_for(lambda: st.upstream.output().count("slow ") >= 10, 10)
        sent = time.monotonic()
        st.gateway.signal(signal.SIGTERM)
        try:
            code = st.gateway.popen.wait(drain + 20)
        except subprocess.TimeoutExpired:
            code = None
        stopped = time.monotonic() - sent
        slow.join(30)
        load.wait(60)
        wrk = clients.parse_wrk(open(st.dir / "wrk.out").read())
        slow_ok = sum(1 for t in inflight.get("t", []) if t.status == 200 and t.size == 100)
        row.hangs = wrk.errors["timeout"] + sum(1 for t in inflight.get("t", []) if t.exit == clients.CURL_TIMEOUT)
        refused = connect_refused(st.gateway.port)
        row.check(code == 0, f"exit status {code}")
        row.check(stopped <= drain + 5, f"stopped after {stopped:.1f} s (> drain {drain:g} s + 5 s)")
        row.check(slow_ok == 10, f"only {slow_ok}/10 requests in flight completed")
        bad = {s: n for s, n in wrk.statuses.items() if s not in (200, 503)}
        row.check(not bad, f"wrk saw {bad}")
        row.check(refused, "the port still accepts connections after exit")
        e = wrk.errors
        row.clients = (f"wrk {wrk.status_mix()}; socket errors connect {e['connect']} (after the listener closed), "
                       f"read {e['read']}, write {e['write']}, timeout {e['timeout']}; in flight: {slow_ok}/10 "
                       f"200 complete; exit {code} {stopped:.1f} s after SIGTERM")
        row.after = f"exited {code}; port closed: {refused}"
        st.finish(gateway_stays=False)
    return row


def connect_refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        return False
    except OSError:
        return True


# ---------------------------------------------------------------------------------------------
def websockets_1000(out):
    n = env_int("FAULTS_WS_SESSIONS", 1000)
    row = Row("websockets_1000", done=f"{n} WebSocket sessions opened (100 handshakes at a time), two echo rounds "
                                      "on all of them, then all closed by the clients")
    with Stage(row, out, "ws") as st:
        url = st.gateway.url.replace("http://", "ws://") + "/_stcore/stream"

        async def run(count):
            outcome = clients.WsOutcome()
            sessions = await clients.open_sessions(url, count, 100, 10, outcome)
            await clients.echo_round(sessions, outcome, 10, "a")
            held = Footprint(st.gateway)
            await clients.echo_round(sessions, outcome, 10, "b")
            await clients.close_sessions(sessions, outcome, 10)
            return outcome, held

        # Warm-up: the same sessions twice, so that the heap and Netty's buffer pools reach the
        # size this load needs (the first round grows them most, the second a little); the
        # measured round must not grow them further.
        for _ in range(env_int("FAULTS_WS_WARMUP_ROUNDS", 2)):
            asyncio.run(run(n))
        warm(st.gateway, "/small", 200)
        st.baseline()
        outcome, held = asyncio.run(run(n))
        row.hangs = outcome.hangs
        row.check(outcome.opened == n, f"only {outcome.opened}/{n} opened")
        row.check(outcome.echoed == 2 * n, f"only {outcome.echoed}/{2 * n} echoes")
        row.check(outcome.closed_clean == n, f"only {outcome.closed_clean}/{n} clean closes")
        row.clients = (f"{outcome.opened}/{n} opened, {outcome.echoed}/{2 * n} echoes, {outcome.closed_clean} closed "
                       f"1000 (normal){'; ' + mix(outcome.failures) if outcome.failures else ''}; "
                       f"while open: {held}")
        st.finish()
    return row


SHORT = {f.__name__: f for f in (reset_mid_body, upstream_never_answers, client_aborts, slowloris,
                                 sigterm_under_load, websockets_1000)}
