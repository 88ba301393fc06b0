#!/usr/bin/env python3
"""Chromium's own cold first visit through one target, on an emulated slow link (the crowd
workload's last column, bench/crowd.sh).

    .venv/bin/python bench/cold_load.py --url http://127.0.0.1:8501/ [--mbit 20] [--latency-ms 20] [--runs 3]

Each run starts headless Chromium with an empty profile and drives it over the DevTools protocol
(`websockets`, as bench/streamlit_load.py): the network is throttled to --mbit both ways with
--latency-ms added per request (Network.emulateNetworkConditions), the cache is off, and the time
is from the navigation to the app's first rendered element (an `stElementContainer` under the
app view). Prints `cold_ms=<median> runs=<each>` and the bytes Chromium
received (`wire_kib=`).
"""
import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

import websockets

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RENDERED = ("document.querySelector('[data-testid=\"stAppViewContainer\"] [data-testid=\"stElementContainer\"]')"
            " !== null")


async def one_run(url, mbit, latency_ms, timeout):
    profile = tempfile.mkdtemp(prefix="fluxlit-cold-")
    chrome = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium did not open its DevTools port")
            await asyncio.sleep(0.05)
        port = open(port_file).read().split("\n")[0].strip()
        # The page target Chromium opened with about:blank.
        proc = await asyncio.create_subprocess_exec("curl", "-s", "http://127.0.0.1:%s/json/list" % port,
                                                    stdout=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        page = next(t for t in json.loads(out) if t["type"] == "page")
        async with websockets.connect(page["webSocketDebuggerUrl"], max_size=None) as ws:
            ids = iter(range(1, 1_000_000))
            received = [0]
            pending = {}  # requestId -> URL, until it finished or failed

            async def call(method, **params):
                mid = next(ids)
                await ws.send(json.dumps({"id": mid, "method": method, "params": params}))
                while True:
                    msg = json.loads(await ws.recv())
                    event = msg.get("method")
                    if event == "Network.requestWillBeSent":
                        pending[msg["params"]["requestId"]] = msg["params"]["request"]["url"]
                    elif event in ("Network.loadingFinished", "Network.loadingFailed"):
                        pending.pop(msg["params"]["requestId"], None)
                    if event == "Network.loadingFinished":
                        received[0] += msg["params"].get("encodedDataLength", 0)
                    if msg.get("id") == mid:
                        return msg.get("result", {})

            await call("Network.enable")
            await call("Network.setCacheDisabled", cacheDisabled=True)
            rate = mbit * 1_000_000 / 8
            await call("Network.emulateNetworkConditions", offline=False, latency=latency_ms,
                       downloadThroughput=rate, uploadThroughput=rate)
            start = time.monotonic()
            await call("Page.navigate", url=url)
            while True:
                result = await call("Runtime.evaluate", expression=RENDERED, returnByValue=True)
                if result.get("result", {}).get("value") is True:
                    return (time.monotonic() - start) * 1000, received[0] / 1024
                if time.monotonic() - start > timeout:
                    # What the page shows then, so that the cause of a miss is in the run's raw output.
                    seen = await call("Runtime.evaluate", returnByValue=True, expression=(
                        "location.href + ' ' + document.readyState + ' ' + document.body.innerText.slice(0, 300)"))
                    raise RuntimeError("the app did not render within %d s; the page: %s; still loading: %s"
                                       % (timeout, seen.get("result", {}).get("value"),
                                          " ".join(sorted(pending.values())) or "nothing"))
                await asyncio.sleep(0.02)
    finally:
        chrome.terminate()
        try:
            chrome.wait(10)
        except subprocess.TimeoutExpired:
            chrome.kill()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--mbit", type=float, default=20)
    parser.add_argument("--latency-ms", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=60)
    args = parser.parse_args()
    runs = [asyncio.run(one_run(args.url, args.mbit, args.latency_ms, args.timeout)) for _ in range(args.runs)]
    times = [r[0] for r in runs]
    print("cold_ms=%.0f runs=%s wire_kib=%.0f mbit=%g latency_ms=%g" % (
        statistics.median(times), ",".join("%.0f" % t for t in times), statistics.median(r[1] for r in runs),
        args.mbit, args.latency_ms))


if __name__ == "__main__":
    main()
