#!/usr/bin/env python3
"""Turns one bench/run.sh results directory into the markdown tables (stdout).

Every figure is the median over the rounds of that run; ratios are computed from those medians,
within the run, so machine drift affects direct, the peers and the gateway alike.
"""
import glob
import os
import re
import statistics
import sys

# key, label, rate target (kind, factor) or None, issue targets apply (p99 vs nginx, vs SCG)
WORKLOADS = [
    ("small", "GET 100 B (wrk, 64 conns)", ("nginx", 0.8), True),
    ("large", "GET 1 MiB (wrk, 16 conns)", ("best", 1.0), True),
    ("echo", "POST 1 KiB echo (wrk, 64 conns)", ("nginx", 0.8), True),
    ("upload", "POST 50 MB upload (wrk, 2 conns)", None, True),
    ("ws_echo", "WebSocket echo 64 B (64 sessions)", ("best", 1.0), True),
    ("ws_connect", "WebSocket connect+close (16 loops)", ("nginx", 1.0), True),
    ("st_health", "Streamlit /_stcore/health (wrk, 8 conns)", None, False),
    ("st_asset", "Streamlit largest asset (wrk, 8 conns)", None, False),
    ("st_rerun", "Streamlit reruns (K sessions, script_finished)", None, False),
    ("st_rerun_table", "Streamlit reruns with a 1,000-row table", None, False),
]
PEERS = ["nginx", "haproxy", "caddy", "scg"]
NAMES = {"direct": "direct", "nginx": "nginx", "haproxy": "HAProxy", "caddy": "Caddy",
         "scg": "Spring Cloud GW", "gateway": "gateway", "gateway_b": "gateway B"}
P99_LIMIT = 1.5   # gateway p99 <= 1.5x nginx's
SCG_FACTOR = 1.5  # gateway >= 1.5x Spring Cloud Gateway
RSS_LIMIT_MIB = 128
READY_LIMIT_MS = 500
UNITS = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def parse(path):
    """-> (rate per s, p50 us, p99 us, errors, extra dict) or None."""
    text = open(path).read()
    extra = {k: int(v) for k, v in re.findall(
        r"\b(time_wait_before|slow|cpu_ms|st_cpu_ms|st_proxy_cpu_ms|rx_bytes_per_rerun|tx_bytes_per_rerun)=(\d+)", text)}
    # the operations the CPU time covers: wrk's requests; the WebSocket client's total, which
    # includes its own warm-up (the proxy's CPU is measured around the whole client run)
    m = re.search(r"^\s*(\d+) requests in", text, re.M) or re.search(r"\btotal=(\d+)", text) \
        or re.search(r"\bcount=(\d+)", text)
    if m and "cpu_ms" in extra:
        extra["ops"] = int(m.group(1))
    m = re.search(r"rate=([\d.]+) p50_us=(\d+) p99_us=(\d+) count=(\d+) errors=(\d+)", text)
    if m:
        return float(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(5)), extra
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rate:
        return None

    def pct(p):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, text, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")

    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += int(m.group(1)) + int(m.group(3)) + int(m.group(4))
    return float(rate.group(1)), pct(50), pct(99), errors, extra


def collect(results, workload, target):
    runs = [parse(p) for p in sorted(glob.glob(os.path.join(results, "raw", "r*-%s-%s.txt" % (workload, target))))]
    runs = [r for r in runs if r]
    if not runs:
        return None
    return {
        "rate": statistics.median(r[0] for r in runs),
        "p50": statistics.median(r[1] for r in runs),
        "p99": statistics.median(r[2] for r in runs),
        "errors": sum(r[3] for r in runs),
        "rounds": len(runs),
        "rates": [r[0] for r in runs],
        "time_wait": [r[4].get("time_wait_before") for r in runs if "time_wait_before" in r[4]],
        "slow": sum(r[4].get("slow", 0) for r in runs),
        # CPU time of the target's processes per request (round trip, cycle), over all rounds
        "cpu_us": per_op(runs, "cpu_ms"),
        # the reruns: Streamlit's CPU and that of the proxy's processes in front of it, per rerun
        "st_cpu_us": per_op(runs, "st_cpu_ms"),
        "st_proxy_cpu_us": per_op(runs, "st_proxy_cpu_ms"),
        "rx_bytes": median_of(runs, "rx_bytes_per_rerun"),
        "tx_bytes": median_of(runs, "tx_bytes_per_rerun"),
    }


def per_op(runs, key):
    """CPU µs per operation of one kind of CPU time (ms) over all rounds, or None."""
    runs = [r for r in runs if r[4].get("ops") and key in r[4]]
    if not runs:
        return None
    return 1000.0 * sum(r[4][key] for r in runs) / sum(r[4]["ops"] for r in runs)


def median_of(runs, key):
    values = [r[4][key] for r in runs if key in r[4]]
    return statistics.median(values) if values else None


def lat(us):
    if us != us:
        return "?"
    return "%.0f µs" % us if us < 1000 else "%.2f ms" % (us / 1000) if us < 100_000 else "%.0f ms" % (us / 1000)


def ms(us):
    if us != us:
        return "?"
    return "%.2f" % (us / 1000) if us < 10_000 else "%.1f" % (us / 1000) if us < 100_000 else "%.0f" % (us / 1000)


def rate(r):
    return "{:,.0f}".format(r) if r >= 100 else "%.1f" % r


def rerun_table(rows, targets):
    """A rerun's whole CPU (the proxy in front of Streamlit + Streamlit, measured over the same runs)
    and its bytes on the wire between the client and the target."""
    keys = [k for k in ("st_rerun", "st_rerun_table") if rows.get(k)]
    if not keys:
        return
    print("A rerun's CPU in all, µs (the proxy's processes in front of Streamlit + Streamlit, user + system"
          " from /proc over the same runs, all rounds, per rerun of the whole client run) and its bytes on the"
          " wire (received + sent by the client per rerun, median of the rounds):")
    print()
    print("| Workload | Target | proxy | Streamlit | total | total ÷ nginx's | bytes received | bytes sent |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for key in keys:
        label = next(l for k, l, _, _ in WORKLOADS if k == key)
        row = rows[key]
        n = row.get("nginx")
        n_total = n["st_cpu_us"] + n["st_proxy_cpu_us"] if n and n["st_cpu_us"] is not None \
            and n["st_proxy_cpu_us"] is not None else None
        for t in targets:
            r = row.get(t)
            if not r or r["st_cpu_us"] is None:
                continue
            proxy = r["st_proxy_cpu_us"] or 0.0
            total = r["st_cpu_us"] + proxy
            print("| %s | %s | %.0f | %.0f | %.0f | %s | %s | %s |" % (
                label, NAMES[t], proxy, r["st_cpu_us"], total,
                "%.2f" % (total / n_total) if n_total else "",
                "{:,.0f}".format(r["rx_bytes"]) if r["rx_bytes"] is not None else "",
                "{:,.0f}".format(r["tx_bytes"]) if r["tx_bytes"] is not None else ""))
    print()


def signin_table(results):
    """The signin workload: the gateway with the sign-in gate off and on, and on ÷ off."""
    off, on = collect(results, "signin", "gateway"), collect(results, "signin", "gateway_b")
    if not off or not on:
        return
    print("Sign-in: the cost of the gate. GET 100 B (wrk, 64 conns) through the gateway with the gate off"
          " and on (a signed-in session cookie on every request, every response a 200); median of the"
          " rounds; CPU: user + system of the gateway's processes from /proc, all rounds, per request:")
    print()
    print("| | gate off | gate on | on ÷ off |")
    print("|---|---:|---:|---:|")
    for label, key, fmt in (("requests/s", "rate", rate), ("p99", "p99", lat), ("gateway CPU µs per request", "cpu_us", "{:.0f}".format)):
        a, b = off[key], on[key]
        print("| %s | %s | %s | %s |" % (label, fmt(a) if a is not None else "", fmt(b) if b is not None else "",
                                         "%.2f" % (b / a) if a and b is not None else ""))
    print()


def main():
    if sys.argv[1] == "--rate":
        # bench/run.sh's warm-up: the rate of one raw output, 0 when it has none
        r = parse(sys.argv[2])
        print("%.1f" % (r[0] if r else 0.0))
        return
    results = sys.argv[1]
    meta_path = os.path.join(results, "meta.txt")
    meta = open(meta_path).read() if os.path.exists(meta_path) else ""
    m = re.search(r"^targets=(.*?) workloads=", meta, re.M)
    targets = m.group(1).split() if m else ["direct", "nginx", "gateway"]
    all_targets = targets
    if re.search(r"^signin=", meta, re.M):
        # gateway_b is the gate's, measured in the signin table alone
        targets = [t for t in targets if t != "gateway_b"]
        NAMES["gateway_b"] = "gateway with the gate"
    peers = [t for t in targets if t in PEERS]
    print("Results: `%s`" % os.path.relpath(results))
    print()
    print("```")
    print(meta.strip())
    print("```")
    print()
    rows = {}
    for key, _, _, _ in WORKLOADS:
        row = {t: collect(results, key, t) for t in targets}
        if any(row.values()):
            rows[key] = row
    verdicts = []
    # the tables of the workloads against every target (none when the run was signin alone)
    if rows:
        print("Rates per second, median of the rounds (p99 in ms):")
        print()
        print("| Workload | " + " | ".join(NAMES[t] for t in targets) + " |")
        print("|---|" + "---:|" * len(targets))
        for key, label, _, _ in WORKLOADS:
            row = rows.get(key)
            if not row:
                continue
            cells = []
            for t in targets:
                r = row[t]
                if not r:
                    cells.append("")
                    continue
                err = " ⚠ %d errors" % r["errors"] if r["errors"] else ""
                cells.append("%s (%s)%s" % (rate(r["rate"]), ms(r["p99"]), err))
            print("| %s | %s |" % (label, " | ".join(cells)))
        print()
        print("Gateway ÷ each, and the targets (docs/performance.md):")
        print()
        ab = "gateway_b" in targets
        print("| Workload | " + " | ".join("gw/" + NAMES[t] for t in ["direct"] + peers) +
              " | gw / best peer | p99 gw/nginx | target | met |" + (" gw B / gw | p99 gw B / gw |" if ab else ""))
        print("|---|" + "---:|" * (len(peers) + 3) + "---|---|" + ("---:|---:|" if ab else ""))
        for key, label, rate_target, issue_targets in WORKLOADS:
            row = rows.get(key)
            if not row or not row.get("gateway"):
                continue
            g = row["gateway"]
            ratios = []
            for t in ["direct"] + peers:
                ratios.append("%.2f" % (g["rate"] / row[t]["rate"]) if row.get(t) and row[t]["rate"] else "")
            present = [t for t in peers if row.get(t) and row[t]["rate"]]
            best = max(present, key=lambda t: row[t]["rate"]) if present else None
            best_cell = "%.2f (%s)" % (g["rate"] / row[best]["rate"], NAMES[best]) if best else ""
            n = row.get("nginx")
            p99_ratio = g["p99"] / n["p99"] if n and n["p99"] else None
            goals, misses = [], []
            if rate_target:
                kind, factor = rate_target
                ref = best if kind == "best" else ("nginx" if n else None)
                if ref:
                    goals.append("≥ %.1f× %s" % (factor, "best peer" if kind == "best" else "nginx"))
                    if g["rate"] < factor * row[ref]["rate"]:
                        misses.append("rate")
            if issue_targets:
                if p99_ratio is not None:
                    goals.append("p99 ≤ %.1f× nginx" % P99_LIMIT)
                    if p99_ratio > P99_LIMIT:
                        misses.append("p99")
                if row.get("scg"):
                    goals.append("≥ %.1f× SCG" % SCG_FACTOR)
                    if g["rate"] < SCG_FACTOR * row["scg"]["rate"]:
                        misses.append("vs SCG")
            met = "" if not goals else ("yes" if not misses else "no (%s)" % ", ".join(misses))
            if goals:
                verdicts.append((key, not misses))
            target_cell = ", ".join(goals) if goals else "—" if issue_targets else "— (Streamlit is the limit)"
            b = row.get("gateway_b")
            ab_cells = ""
            if ab:
                ab_cells = " %s | %s |" % ("%.2f" % (b["rate"] / g["rate"]) if b and g["rate"] else "",
                                           "%.2f" % (b["p99"] / g["p99"]) if b and g["p99"] else "")
            print("| %s | %s | %s | %s | %s | %s |%s" % (
                label, " | ".join(ratios), best_cell, "%.2f" % p99_ratio if p99_ratio else "", target_cell, met, ab_cells))
        print()

        proxies = [t for t in targets if t != "direct"]
        print("CPU time of the proxy per request, round trip or cycle (µs; user + system from /proc, all rounds;"
              " the load is closed-loop, so a proxy that is slower also gets fewer requests):")
        print()
        print("| Workload | " + " | ".join(NAMES[t] for t in proxies) + " | gw ÷ nginx |")
        print("|---|" + "---:|" * (len(proxies) + 1))
        for key, label, _, _ in WORKLOADS:
            row = rows.get(key)
            if not row:
                continue
            cells = ["%.0f" % row[t]["cpu_us"] if row.get(t) and row[t]["cpu_us"] else "" for t in proxies]
            g, n = row.get("gateway"), row.get("nginx")
            ratio = "%.2f" % (g["cpu_us"] / n["cpu_us"]) if g and n and g["cpu_us"] and n["cpu_us"] else ""
            print("| %s | %s | %s |" % (label, " | ".join(cells), ratio))
        print()

    rerun_table(rows, targets)
    signin_table(results)

    notes = []
    wc = rows.get("ws_connect")
    if wc:
        parts = []
        for t in targets:
            r = wc.get(t)
            if r and r["time_wait"]:
                parts.append("%s %s (slow cycles ≥ 1 s: %d)" % (NAMES[t], "/".join(map(str, r["time_wait"])), r["slow"]))
        if parts:
            notes.append("WebSocket connect: sockets in TIME_WAIT at the start of each round: " + "; ".join(parts) + ".")
    if rows:
        scg_rounds = []
        for key, label, _, _ in WORKLOADS:
            r = rows.get(key, {}).get("scg")
            if r:
                scg_rounds.append("%s %s" % (key, " / ".join(rate(x) for x in r["rates"])))
        if scg_rounds:
            notes.append("Spring Cloud Gateway per round (warm-up check): " + "; ".join(scg_rounds) + ".")
    warmup_path = os.path.join(results, "warmup.txt")
    if os.path.exists(warmup_path):
        lines = [re.match(r"(\w+) (\w+) seconds=(\d+) steady=(\w+) rates=(.*)", l) for l in open(warmup_path)]
        lines = [m for m in lines if m]
        by_target = {}
        for m in lines:
            by_target.setdefault(m.group(2), []).append(m)
        parts = []
        for t in all_targets:
            runs = by_target.get(t)
            if runs:
                parts.append("%s %s" % (NAMES[t], ", ".join(
                    "%s %s s%s" % (m.group(1), m.group(3), "" if m.group(4) == "yes" else " (not steady)") for m in runs)))
        if parts:
            notes.append("Warm-up until two runs in a row agree (seconds per workload, before round 1): " + "; ".join(parts) + ".")
    for note in notes:
        print(note)
        print()

    print("| Other | value | target | met |")
    print("|---|---:|---|---|")
    api = collect(results, "api_healthz", "gateway")
    small_gateway = rows.get("small", {}).get("gateway")
    if api and small_gateway:
        ratio = api["rate"] / small_gateway["rate"]
        ok = ratio >= 0.5
        verdicts.append(("api", ok))
        print("| `/api/healthz` over the event bus (wrk, 64 conns) | %s /s, p50 %s, p99 %s = %.2f× the proxied 100 B GET | ≥ 0.5× | %s |" % (
            rate(api["rate"]), lat(api["p50"]), lat(api["p99"]), ratio, "yes" if ok else "no"))
    rss = {}
    if os.path.exists(os.path.join(results, "rss.txt")):
        for line in open(os.path.join(results, "rss.txt")):
            m = re.match(r"(\w+) (\w+)=(\d+)", line)
            if m:
                rss[(m.group(1), m.group(2))] = int(m.group(3)) / 1024
    if ("gateway", "rss_kb") in rss:
        mb = rss[("gateway", "rss_kb")]
        ok = mb <= RSS_LIMIT_MIB
        verdicts.append(("rss", ok))
        others = ["%s %.0f" % (NAMES[t], rss[(t, "rss_kb")]) for t in peers + ["gateway_b"] if (t, "rss_kb") in rss]
        idle = rss.get(("gateway", "idle_rss_kb"))
        print("| Gateway RSS with 1,000 open WebSocket sessions | %.0f MiB%s%s | ≤ %d MiB | %s |" % (
            mb, " (%.0f MiB before opening them)" % idle if idle else "",
            "; peers with 1,000, MiB: " + ", ".join(others) if others else "", RSS_LIMIT_MIB, "yes" if ok else "no"))
    ready = []
    if os.path.exists(os.path.join(results, "ready.txt")):
        ready = [int(x) for x in re.findall(r"ready_ms=(\d+)", open(os.path.join(results, "ready.txt")).read())]
    if ready:
        med = statistics.median(ready)
        ok = med <= READY_LIMIT_MS
        verdicts.append(("ready", ok))
        print("| Process start to `/api/readyz` 200 (median of %d: %s ms) | %.0f ms | ≤ %d ms | %s |" % (
            len(ready), ", ".join(map(str, ready)), med, READY_LIMIT_MS, "yes" if ok else "no"))
    print()
    crowd_table(results, meta)
    print("Targets met: %d of %d." % (sum(1 for _, ok in verdicts if ok), len(verdicts)))


CROWD_NAMES = {"direct": "direct", "nginx": "nginx", "nginx_tuned": "nginx tuned (gzip + proxy_cache)",
               "caddy_encode": "Caddy (encode zstd gzip)", "gateway": "gateway"}


def crowd_table(results, meta):
    """The crowd first load (bench/crowd.sh): one row per target, medians of the rounds."""
    m = re.search(r"^crowd_browsers=(\d+) (?:crowd_client_warmup=\d+ )?crowd_urls=(\d+) crowd_targets=(.*)$", meta, re.M)
    if not m:
        return
    print("Crowd first load: %s first-visit browsers at once, %s URLs each, 6 connections per browser, warm caches"
          " (median of the rounds); the cold crowd is the first one, with the proxies' caches and JIT empty"
          " (raw/warmup-crowd-*.txt):" % (m.group(1), m.group(2)))
    print()
    print("| Target | pages/s | page p50 | page p99 | KiB on the wire per page | proxy CPU s | Streamlit CPU s"
          " | cold crowd: pages/s, p99, proxy CPU s | Chromium cold load, 20 Mbit/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for target in m.group(3).split():
        runs = []
        for path in sorted(glob.glob(os.path.join(results, "raw", "r*-crowd-%s.txt" % target))):
            text = open(path).read()
            r = re.search(r"rate=([\d.]+) p50_us=(\d+) p99_us=(\d+) count=(\d+) errors=(\d+) kib_per_page=([\d.]+)", text)
            cpu = re.search(r"^cpu_ms=(\d+)", text, re.M)
            st = re.search(r"^streamlit_cpu_ms=(\d+)", text, re.M)
            if r:
                runs.append((float(r.group(1)), float(r.group(2)), float(r.group(3)), int(r.group(5)),
                             float(r.group(6)), int(cpu.group(1)) if cpu else 0, int(st.group(1)) if st else 0))
        if not runs:
            continue
        med = [statistics.median(x[i] for x in runs) for i in range(7)]
        errors = sum(x[3] for x in runs)
        cold_path = os.path.join(results, "raw", "coldload-%s.txt" % target)
        cold = re.search(r"cold_ms=(\d+)", open(cold_path).read()) if os.path.exists(cold_path) else None
        first_path = os.path.join(results, "raw", "warmup-crowd-%s.txt" % target)
        first_text = open(first_path).read() if os.path.exists(first_path) else ""
        first = re.search(r"rate=([\d.]+) p50_us=\d+ p99_us=(\d+) count=\d+ errors=(\d+)", first_text)
        first_cpu = re.search(r"^cpu_ms=(\d+)", first_text, re.M)
        errors += int(first.group(3)) if first else 0
        print("| %s | %.1f | %s ms | %s ms | %.0f | %.2f | %.2f | %s | %s |%s" % (
            CROWD_NAMES.get(target, target), med[0], ms(med[1]), ms(med[2]), med[4], med[5] / 1000, med[6] / 1000,
            "%s, %s ms, %.2f" % (first.group(1), ms(float(first.group(2))), int(first_cpu.group(1)) / 1000 if first_cpu else 0)
            if first else "",
            "%s ms" % cold.group(1) if cold else "", " ⚠ %d errors" % errors if errors else ""))
    print()


if __name__ == "__main__":
    main()
