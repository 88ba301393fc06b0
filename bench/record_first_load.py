#!/usr/bin/env python3
"""Records the URLs a real headless Chromium fetches on a first visit to a Streamlit app, in order,
for the crowd first-load workload (bench/run.sh, BENCH_WORKLOADS=crowd).

    python3 bench/record_first_load.py http://127.0.0.1:8501/ > bench/crowd-urls.txt

Chromium loads the page with an empty profile and writes its network log (--log-net-log); every
HTTP request of that log to the page's host is listed as a path, the page first. The WebSocket
(/_stcore/stream) is left out: the load client fetches, it does not run the app.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def main():
    url = sys.argv[1]
    host = urllib.parse.urlsplit(url).netloc
    with tempfile.TemporaryDirectory() as tmp:
        netlog = os.path.join(tmp, "netlog.json")
        subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + os.path.join(tmp, "profile"), "--log-net-log=" + netlog,
                        "--virtual-time-budget=20000", "--dump-dom", url],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        with open(netlog) as f:
            text = f.read()
        # A log cut short (Chromium stopped while writing) misses its closing brackets.
        if not text.rstrip().endswith("}"):
            text = text.rstrip().rstrip(",") + "]}"
        log = json.loads(text)
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    seen, paths = set(), []
    for event in log["events"]:
        if types.get(event["type"]) != "URL_REQUEST_START_JOB":
            continue
        params = event.get("params", {})
        target = urllib.parse.urlsplit(params.get("url", ""))
        if target.netloc != host or target.scheme not in ("http", "https") or params.get("method", "GET") != "GET":
            continue
        path = target.path + ("?" + target.query if target.query else "")
        if path.startswith("/_stcore/stream") or path in seen:
            continue
        seen.add(path)
        paths.append(path)
    print("# First visit to the hello example (examples/hello/app.py), recorded by bench/record_first_load.py")
    print("# with headless Chromium; one path per line, the page first.")
    for path in paths:
        print(path)


if __name__ == "__main__":
    main()
