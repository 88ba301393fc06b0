"""The clients of the fault runs: curl (many transfers in one process, one write-out line each),
wrk with bench/faults/status.lua (status mix and socket errors), slowhttptest, the websockets
library, and raw TCP clients that abort a download half-way (no HTTP client library aborts on
purpose with a reset)."""

import asyncio
import json
import os
import re
import socket
import struct
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field

from harness import HERE

CURL_FORMAT = "%{url} %{http_code} %{exitcode} %{size_download} %{time_total}\\n"
# curl exit codes: 0 complete, 18 partial body, 52 empty reply, 56 receive failure (reset),
# 28 timed out (= a hang: no answer within --max-time).
CURL_TIMEOUT = 28


@dataclass
class Transfer:
    url: str
    status: int
    exit: int
    size: int
    seconds: float


def curl_many(urls, parallel, max_time):
    """Runs every URL in one curl process, `parallel` at a time; one Transfer per URL."""
    with tempfile.NamedTemporaryFile("w", suffix=".curl", delete=False) as config:
        for url in urls:
            config.write(f'url = "{url}"\noutput = "/dev/null"\n')
    argv = ["curl", "--silent", "--parallel", "--parallel-immediate", "--parallel-max", str(parallel),
            "--max-time", str(max_time), "--write-out", CURL_FORMAT.replace("\\n", "\n"), "--config", config.name]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=max_time * (len(urls) // parallel + 2) + 30)
    finally:
        os.unlink(config.name)
    transfers = []
    for line in done.stdout.splitlines():
        url, status, code, size, seconds = line.split()
        transfers.append(Transfer(url, int(status), int(code), int(size), float(seconds)))
    return transfers


def curl_one(url, max_time=5):
    return curl_many([url], 1, max_time)[0]


@dataclass
class WrkResult:
    statuses: Counter
    requests: int
    errors: dict
    output: str

    def status_mix(self):
        return ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))


def start_wrk(url, connections, seconds, out_path, timeout_s=5, threads=2, delay_ms=None):
    """wrk with status.lua in the background, output in out_path; parse_wrk reads it once it
    exits. status.lua counts every response by status (wrk itself only counts non-2xx)."""
    env = dict(os.environ)
    if delay_ms is not None:
        env["WRK_DELAY_MS"] = str(delay_ms)
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", f"{timeout_s}s",
            "-s", str(HERE / "status.lua"), url]
    return subprocess.Popen(argv, stdout=open(out_path, "w"), stderr=subprocess.STDOUT, env=env)


def parse_wrk(output):
    line = next((l for l in output.splitlines() if l.startswith("FAULTS ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no FAULTS line:\n{output}")
    data = json.loads(line[len("FAULTS "):])
    return WrkResult(Counter({int(k): v for k, v in data["statuses"].items()}), data["requests"], data["errors"], output)


@dataclass
class Aborts:
    statuses: Counter = field(default_factory=Counter)
    hangs: int = 0
    resets: int = 0
    fins: int = 0


async def abort_downloads(host, port, path, count, concurrency, read_bytes, timeout):
    """`count` clients, `concurrency` at a time: each sends GET path, reads the status line and
    `read_bytes` of the response, then goes away: every other one with a TCP reset, the rest with
    a plain close."""
    result = Aborts()
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    queue = iter(range(count))

    async def one(i):
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        result.statuses[status] += 1
        if status != 200:
            # An error answer is short: read it all, as a client would, then go.
            length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            writer.close()
            return
        await reader.readexactly(read_bytes)
        if i % 2 == 0:
            writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            result.resets += 1
        else:
            writer.close()
            result.fins += 1

    async def worker():
        for i in queue:
            try:
                await asyncio.wait_for(one(i), timeout)
            except (asyncio.TimeoutError, TimeoutError):
                result.hangs += 1
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as e:
                result.statuses[type(e).__name__] += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return result


@dataclass
class WsOutcome:
    opened: int = 0
    echoed: int = 0
    closed_clean: int = 0
    failures: Counter = field(default_factory=Counter)
    hangs: int = 0


def ws_connect(url, open_timeout):
    from websockets.asyncio.client import connect
    return connect(url, subprotocols=["streamlit"], open_timeout=open_timeout, ping_interval=None,
                   close_timeout=5, max_size=16 * 1024 * 1024)


async def echo_round(sessions, outcome, timeout, tag):
    """Each open session sends one message and waits for its echo."""

    async def one(i, ws):
        message = f"{tag}-{i}-" + "x" * 64
        try:
            await asyncio.wait_for(ws.send(message), timeout)
            answer = await asyncio.wait_for(ws.recv(), timeout)
            if answer == message:
                outcome.echoed += 1
            else:
                outcome.failures["wrong echo"] += 1
        except (asyncio.TimeoutError, TimeoutError):
            outcome.hangs += 1
        except Exception as e:  # the kind of failure is the figure: counted, not raised
            outcome.failures[type(e).__name__] += 1

    await asyncio.gather(*(one(i, ws) for i, ws in enumerate(sessions) if ws is not None))


async def open_sessions(url, count, concurrency, open_timeout, outcome):
    sessions = [None] * count
    gate = asyncio.Semaphore(concurrency)

    async def one(i):
        async with gate:
            try:
                sessions[i] = await ws_connect(url, open_timeout)
                outcome.opened += 1
            except (asyncio.TimeoutError, TimeoutError):
                outcome.hangs += 1
            except Exception as e:
                outcome.failures[f"open: {type(e).__name__}"] += 1

    await asyncio.gather(*(one(i) for i in range(count)))
    return sessions


async def close_sessions(sessions, outcome, timeout):
    async def one(ws):
        try:
            await asyncio.wait_for(ws.close(), timeout)
            if ws.close_code == 1000:
                outcome.closed_clean += 1
            else:
                outcome.failures[f"close code {ws.close_code}"] += 1
        except (asyncio.TimeoutError, TimeoutError):
            outcome.hangs += 1

    await asyncio.gather(*(one(ws) for ws in sessions if ws is not None))


def slowhttptest(url, connections, rate, interval_s, duration_s, out_prefix):
    """Debian's slowhttptest in slowloris mode (-H): unfinished request heads, one more header line
    every interval_s. Returns the per-second rows of its CSV (seconds, closed, pending, connected,
    service available) and its console output."""
    argv = ["slowhttptest", "-H", "-c", str(connections), "-r", str(rate), "-i", str(interval_s),
            "-l", str(duration_s), "-t", "GET", "-u", url, "-x", "24", "-p", "2", "-g", "-o", str(out_prefix)]
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration_s + 60)
    rows = []
    with open(f"{out_prefix}.csv") as csv:
        next(csv)
        for line in csv:
            parts = line.strip().split(",")
            if len(parts) >= 5:
                rows.append((int(parts[0]), int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4])))
    return rows, done.stdout + done.stderr, time.monotonic() - started
