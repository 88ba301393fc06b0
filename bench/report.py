#!/usr/bin/env python3
"""Turns one bench/run.sh results directory into the markdown table (stdout).

Every figure is the median over the rounds of that run; ratios are computed from those medians,
within the run, so machine drift affects direct, nginx and gateway alike.
"""
import glob
import os
import re
import statistics
import sys

WORKLOADS = [
    # key, label, throughput target vs nginx (None: none), p99 target vs nginx
    ("small", "GET 100 B (wrk, 64 conns)", 1.15, True),
    ("large", "GET 1 MiB (wrk, 16 conns)", 1.15, True),
    ("echo", "POST 1 KiB echo (wrk, 64 conns)", 1.15, True),
    ("ws_echo", "WebSocket echo 64 B (64 sessions)", 1.15, True),
    ("ws_connect", "WebSocket connect+close (16 loops)", 1.0, True),
    ("st_health", "Streamlit /_stcore/health (wrk, 8 conns)", 1.0, True),
    ("st_asset", "Streamlit largest asset (wrk, 8 conns)", 1.0, True),
]
TARGETS = ["direct", "nginx", "gateway"]
UNITS = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def parse(path):
    """-> (rate per s, p50 us, p99 us, errors) or None."""
    text = open(path).read()
    m = re.search(r"rate=([\d.]+) p50_us=(\d+) p99_us=(\d+) count=(\d+) errors=(\d+)", text)
    if m:
        return float(m.group(1)), float(m.group(2)), float(m.group(3)), int(m.group(5))
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
    return float(rate.group(1)), pct(50), pct(99), errors


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
    }


def lat(us):
    if us != us:
        return "?"
    return "%.0f µs" % us if us < 1000 else "%.2f ms" % (us / 1000) if us < 100_000 else "%.0f ms" % (us / 1000)


def rate(r):
    return "%.0f" % r if r >= 100 else "%.1f" % r


def kv(path):
    out = {}
    if os.path.exists(path):
        for line in open(path):
            for k, v in re.findall(r"(\w+)=(\S+)", line):
                out.setdefault(k, v)
    return out


def main():
    results = sys.argv[1]
    meta = open(os.path.join(results, "meta.txt")).read() if os.path.exists(os.path.join(results, "meta.txt")) else ""
    print("Results: `%s`" % os.path.relpath(results))
    print()
    print("```")
    print(meta.strip())
    print("```")
    print()
    print("| Workload | direct /s | nginx /s | gateway /s | gw/direct | gw/nginx | p50 direct / nginx / gateway | p99 direct / nginx / gateway | target | met |")
    print("|---|---:|---:|---:|---:|---:|---|---|---|---|")
    verdicts = []
    small_gateway = None
    for key, label, rate_target, p99_target in WORKLOADS:
        row = {t: collect(results, key, t) for t in TARGETS}
        if not row["nginx"] or not row["gateway"] or not row["direct"]:
            print("| %s | missing | | | | | | | | |" % label)
            continue
        d, n, g = row["direct"], row["nginx"], row["gateway"]
        if key == "small":
            small_gateway = g["rate"]
        vs_nginx = g["rate"] / n["rate"]
        rate_ok = vs_nginx >= rate_target
        p99_ok = g["p99"] <= n["p99"]
        ok = rate_ok and (p99_ok or not p99_target)
        target = "≥ %.2f× nginx, p99 ≤ nginx" % rate_target
        errors = "" if not (d["errors"] or n["errors"] or g["errors"]) else " (errors d/n/g: %d/%d/%d)" % (
            d["errors"], n["errors"], g["errors"])
        met = "yes" if ok else "no (%s)" % ", ".join(
            x for x, bad in (("rate", not rate_ok), ("p99", not p99_ok)) if bad)
        print("| %s%s | %s | %s | %s | %.2f | %.2f | %s / %s / %s | %s / %s / %s | %s | %s |" % (
            label, errors, rate(d["rate"]), rate(n["rate"]), rate(g["rate"]), g["rate"] / d["rate"], vs_nginx,
            lat(d["p50"]), lat(n["p50"]), lat(g["p50"]), lat(d["p99"]), lat(n["p99"]), lat(g["p99"]),
            target, met))
        verdicts.append((label, ok))
    print()
    api = collect(results, "api_healthz", "gateway")
    print("| Other | value | target | met |")
    print("|---|---:|---|---|")
    if api and small_gateway:
        ratio = api["rate"] / small_gateway
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
        ok = mb <= 256
        verdicts.append(("rss", ok))
        extra = ""
        if ("gateway", "idle_rss_kb") in rss:
            extra += " (%.0f MiB before opening them" % rss[("gateway", "idle_rss_kb")]
            if ("nginx", "rss_kb") in rss:
                extra += "; nginx master+workers: %.0f MiB with 1,000" % rss[("nginx", "rss_kb")]
            extra += ")"
        print("| Gateway RSS with 1,000 open WebSocket sessions | %.0f MiB%s | ≤ 256 MB | %s |" % (mb, extra, "yes" if ok else "no"))
    ready = []
    if os.path.exists(os.path.join(results, "ready.txt")):
        ready = [int(x) for x in re.findall(r"ready_ms=(\d+)", open(os.path.join(results, "ready.txt")).read())]
    if ready:
        med = statistics.median(ready)
        ok = med <= 1500
        verdicts.append(("ready", ok))
        print("| Process start to `/api/readyz` 200 (median of %d: %s ms) | %.0f ms | ≤ 1.5 s | %s |" % (
            len(ready), ", ".join(map(str, ready)), med, "yes" if ok else "no"))
    print()
    print("Targets met: %d of %d." % (sum(1 for _, ok in verdicts if ok), len(verdicts)))


if __name__ == "__main__":
    main()
