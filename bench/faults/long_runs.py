"""The long fault runs, bench only (not in scripts/test.sh): the upstream flapping under a minute
of load, and the soak (HTTP and WebSocket mixed, ten minutes by default)."""

import asyncio
import signal
import threading
import time
from collections import Counter

import clients
from harness import Footprint, Upstream, env_float, env_int
from scenarios import Row, Stage, mix, warm


def upstream_flapping(out):
    """The upstream is killed every FAULTS_FLAP_EVERY_S and restarted on the same port
    FAULTS_FLAP_DOWN_S later, while wrk drives the gateway for FAULTS_FLAP_S."""
    length = env_int("FAULTS_FLAP_S", 60)
    every = env_float("FAULTS_FLAP_EVERY_S", 5)
    down = env_float("FAULTS_FLAP_DOWN_S", 1)
    row = Row("upstream_flapping", done=f"wrk -c 32 for {length} s on /small; the upstream SIGKILLed every {every:g} s "
                                        f"and restarted on its port {down:g} s later")
    with Stage(row, out, "http") as st:
        # Warm-up: the same load for a while, so that the baseline has the connection pool and
        # the heap this load needs.
        clients.start_wrk(st.gateway.url + "/small", 32, env_int("FAULTS_FLAP_WARMUP_S", 10),
                          st.dir / "warm-up.out").wait(120)
        st.baseline()
        load = clients.start_wrk(st.gateway.url + "/small", 32, length, st.dir / "wrk.out")
        started = time.monotonic()
        restarts = 0
        upstream = st.upstream
        while time.monotonic() - started + every + down < length:
            time.sleep(every)  # the fault's schedule, not a synchronisation
            upstream.popen.send_signal(signal.SIGKILL)
            upstream.popen.wait()
            time.sleep(down)
            upstream = Upstream("http", st.dir, port=st.upstream.port, log_name=f"upstream-http-{restarts + 1}.log")
            restarts += 1
        st.upstream = upstream
        load.wait(length + 60)
        wrk = clients.parse_wrk(open(st.dir / "wrk.out").read())
        row.hangs = wrk.errors["timeout"]
        # Recovery: the upstream is up; the next requests are answered at once.
        after = clients.curl_many([st.gateway.url + "/small"] * 20, 1, 5)
        recovered = sum(1 for t in after if t.status == 200 and t.seconds <= 1.0)
        bad = {s: n for s, n in wrk.statuses.items() if s not in (200, 502, 503, 504)}
        row.check(not bad, f"statuses other than 200/502/503/504: {bad}")
        row.check(recovered == 20, f"only {recovered}/20 requests served within 1 s after the last restart")
        e = wrk.errors
        row.clients = (f"{restarts} restarts; wrk {wrk.requests} requests: {wrk.status_mix()}; socket errors read "
                       f"{e['read']}, write {e['write']}, connect {e['connect']}, timeout {e['timeout']}; "
                       f"afterwards {recovered}/20 served 200 within 1 s")
        st.finish()
    return row


def soak(out):
    """FAULTS_SOAK_S (600) of moderate mixed load: wrk, 16 connections paced at 10 ms, on /small;
    50 WebSocket sessions echoing a message every 200 ms each; one more session opened, echoed
    and closed every 0.5 s. The gateway's footprint is sampled every 10 s (soak.csv)."""
    length = env_int("FAULTS_SOAK_S", 600)
    sessions_n = env_int("FAULTS_SOAK_SESSIONS", 50)
    row = Row("soak", done=f"{length} s: wrk -c 16 paced 10 ms/request on /small; {sessions_n} WebSocket sessions "
                           "echoing every 200 ms; one more session opened, echoed and closed every 0.5 s")
    with Stage(row, out, "ws") as st:
        url = st.gateway.url.replace("http://", "ws://") + "/_stcore/stream"
        warm(st.gateway, "/small", 500)
        asyncio.run(_churn(url, 20, Counter(), Counter()))
        st.baseline()
        samples = []
        stop = threading.Event()

        def sample():
            t0 = time.monotonic()
            while not stop.is_set():
                f = Footprint(st.gateway)
                samples.append((time.monotonic() - t0, f.rss_kib, f.fds))
                stop.wait(10)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = clients.start_wrk(st.gateway.url + "/small", 16, length, st.dir / "wrk.out", delay_ms=10)
        echo, churn = Counter(), Counter()
        asyncio.run(_ws_soak(url, sessions_n, length, echo, churn))
        load.wait(120)
        stop.set()
        sampler.join(15)
        with open(st.dir / "soak.csv", "w") as csv:
            csv.write("seconds,rss_kib,fds\n")
            for t, rss, fds in samples:
                csv.write(f"{t:.0f},{rss},{fds}\n")
        wrk = clients.parse_wrk(open(st.dir / "wrk.out").read())
        row.hangs = wrk.errors["timeout"] + echo["hang"] + churn["hang"]
        minute = next((s for s in samples if s[0] >= 60), samples[0])
        end = samples[-1]
        start_rss = st.before.rss_kib
        # The resident set is judged against minute 1 (heap and pools sized by the load), the
        # open descriptors against the idle gateway before the load.
        st.before.rss_kib = minute[1]
        growth = env_float("FAULTS_SOAK_RSS_GROWTH", 0.10)
        row.check(set(wrk.statuses) == {200}, f"wrk saw {wrk.status_mix()}")
        row.check(sum(wrk.errors.values()) == 0, f"wrk socket errors {wrk.errors}")
        row.check(echo["lost"] + echo["error"] == 0, f"WebSocket echoes: {mix(echo)}")
        row.check(churn["error"] == 0, f"WebSocket churn: {mix(churn)}")
        row.check(end[1] <= (1 + growth) * minute[1],
                  f"RSS grew {minute[1] // 1024} -> {end[1] // 1024} MiB from minute 1 to the end")
        rss = [s[1] for s in samples]
        fds = [s[2] for s in samples]
        row.clients = (f"wrk {wrk.requests} requests: {wrk.status_mix()}, socket errors {sum(wrk.errors.values())}; "
                       f"WebSocket echoes {echo['ok']} ok, {echo['lost'] + echo['error']} lost; "
                       f"churn {churn['ok']} sessions ok, {churn['error']} failed; RSS min/max "
                       f"{min(rss) // 1024}/{max(rss) // 1024} MiB (start: {start_rss // 1024}, minute 1: "
                       f"{minute[1] // 1024}, end of load: {end[1] // 1024}), fds min/max {min(fds)}/{max(fds)}")
        st.finish()
        row.before = f"{Footprint.describe(minute[1], st.before.fds)} (RSS at minute 1, fds before the load)"
    return row


async def _ws_soak(url, count, length, echo, churn):
    deadline = time.monotonic() + length
    outcome = clients.WsOutcome()
    sessions = await clients.open_sessions(url, count, 25, 10, outcome)
    echo["error"] += count - outcome.opened

    async def talk(i, ws):
        n = 0
        while time.monotonic() < deadline:
            message = f"soak-{i}-{n}"
            try:
                await ws.send(message)
                answer = await asyncio.wait_for(ws.recv(), 10)
                echo["ok" if answer == message else "lost"] += 1
            except (asyncio.TimeoutError, TimeoutError):
                echo["hang"] += 1
                return
            except Exception:
                echo["error"] += 1
                return
            n += 1
            await asyncio.sleep(0.2)  # the load's pace

    async def churner():
        while time.monotonic() < deadline:
            await _churn(url, 1, churn, churn)
            await asyncio.sleep(0.5)  # the load's pace

    await asyncio.gather(*(talk(i, ws) for i, ws in enumerate(sessions) if ws is not None), churner())
    await clients.close_sessions([ws for ws in sessions if ws is not None], outcome, 10)


async def _churn(url, count, ok, failed):
    for i in range(count):
        try:
            async with clients.ws_connect(url, 10) as ws:
                await ws.send(f"churn-{i}")
                answer = await asyncio.wait_for(ws.recv(), 10)
                ok["ok" if answer == f"churn-{i}" else "error"] += 1
        except (asyncio.TimeoutError, TimeoutError):
            failed["hang"] += 1
        except Exception:
            failed["error"] += 1


LONG = {"upstream_flapping": upstream_flapping, "soak": soak}
