#!/usr/bin/env python3
"""App-level load on a Streamlit app, spoken in Streamlit's own WebSocket protocol.

Opens K sessions on /_stcore/stream (subprotocol "streamlit"), and in each one, in a closed loop:
sends a BackMsg rerun_script and waits for the ForwardMsg script_finished of that run. It uses the
protobuf classes of the installed Streamlit (streamlit.proto), so it speaks whatever protocol the
installed version speaks. Reports reruns per second, the p50/p99 rerun latency (from sending
the rerun to receiving script_finished), and the bytes on the wire per rerun that the sessions
received and sent while measured (WebSocket frames as they came off the socket, so compressed
if the server compressed them), and the reruns of the whole run, warm-up included (total=, for
CPU per rerun measured from outside over the whole run), one line per target:

  url=ws://… rate=… p50_us=… p99_us=… count=… errors=… sessions=K rx_bytes_per_rerun=… tx_bytes_per_rerun=… compression=…

  .venv/bin/python bench/streamlit_load.py --url ws://127.0.0.1:8501 [--url ws://…] \
      [--sessions K] [--duration S] [--warmup S] [--query work=50] [--compression browser]

--compression browser offers permessage-deflate as browsers do (Chromium's and Firefox's offer,
"permessage-deflate; client_max_window_bits"), and the client inflates what the server
deflated; the default offers nothing.

bench/run.sh runs it as the st_rerun workload (direct, nginx, gateway); the Streamlit worker pool
measures with it too (several --url, more --sessions). Needs `websockets` (bench/run.sh installs
it into .venv).
"""
import argparse
import asyncio
import sys
import time

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def rerun_message(query):
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


class Stats:
    def __init__(self):
        self.latencies_us = []
        self.errors = 0
        self.measuring = False
        self.stopped = False
        self.total = 0
        self.rx_bytes = 0
        self.tx_bytes = 0


def counting_connection(stats):
    """A websockets connection that adds the bytes it reads and writes, while measured, to stats."""

    class CountingTransport:
        def __init__(self, transport):
            self._transport = transport

        def write(self, data):
            if stats.measuring:
                stats.tx_bytes += len(data)
            self._transport.write(data)

        def __getattr__(self, name):
            return getattr(self._transport, name)

    class CountingConnection(ClientConnection):
        def connection_made(self, transport):
            super().connection_made(CountingTransport(transport))

        def data_received(self, data):
            if stats.measuring:
                stats.rx_bytes += len(data)
            super().data_received(data)

    return CountingConnection


def offered_extensions(compression):
    if compression == "browser":
        # What browsers offer: permessage-deflate, any client window (context takeover both ways).
        return [ClientPerMessageDeflateFactory(client_max_window_bits=True)]
    return None


async def session(url, query, stats, opened, compression):
    rerun = rerun_message(query)
    try:
        # By default no permessage-deflate: compression would make the client's CPU (on the load
        # CPU, beside Streamlit) part of what is measured. --compression browser offers it.
        async with websockets.connect(url.rstrip("/") + "/_stcore/stream", subprotocols=["streamlit"],
                                      compression=None, extensions=offered_extensions(compression),
                                      max_size=None, open_timeout=30, ping_interval=None,
                                      create_connection=counting_connection(stats)) as ws:
            opened.set_result(True) if not opened.done() else None
            while not stats.stopped:
                start = time.perf_counter_ns()
                await ws.send(rerun)
                while True:
                    frame = await ws.recv()
                    msg = ForwardMsg()
                    msg.ParseFromString(frame)
                    if msg.WhichOneof("type") == "script_finished":
                        break
                stats.total += 1
                if msg.script_finished not in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                               ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    stats.errors += 1
                elif stats.measuring:
                    stats.latencies_us.append((time.perf_counter_ns() - start) // 1000)
    except Exception as e:  # a failed session is counted, the others go on
        if not opened.done():
            opened.set_exception(e)
        stats.errors += 1
        print("session error: %r" % e, file=sys.stderr)


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


async def measure(url, sessions, warmup, duration, query, compression):
    stats = Stats()
    opened = [asyncio.get_running_loop().create_future() for _ in range(sessions)]
    tasks = [asyncio.create_task(session(url, query, stats, o, compression)) for o in opened]
    await asyncio.gather(*opened, return_exceptions=True)
    await asyncio.sleep(warmup)
    stats.measuring = True
    start = time.perf_counter()
    await asyncio.sleep(duration)
    stats.measuring = False
    seconds = time.perf_counter() - start
    stats.stopped = True
    done = list(stats.latencies_us)
    # Sessions finish the run they are in, then close.
    await asyncio.wait(tasks, timeout=30)
    done.sort()
    per_rerun = max(1, len(done))
    print("url=%s rate=%.1f p50_us=%d p99_us=%d count=%d errors=%d sessions=%d rx_bytes_per_rerun=%d"
          " tx_bytes_per_rerun=%d compression=%s total=%d" % (
              url, len(done) / seconds, percentile(done, 50), percentile(done, 99), len(done), stats.errors,
              sessions, stats.rx_bytes // per_rerun, stats.tx_bytes // per_rerun, compression, stats.total),
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", action="append", required=True,
                        help="Streamlit base URL (ws://host:port[/base]); repeat for several targets, measured one after the other")
    parser.add_argument("--sessions", type=int, default=8, help="K concurrent sessions [8]")
    parser.add_argument("--duration", type=float, default=5, help="seconds measured per target [5]")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of discarded reruns first [1]")
    parser.add_argument("--query", default="", help="the script run's query string, e.g. work=50")
    parser.add_argument("--compression", choices=["none", "browser"], default="none",
                        help="none: offer no permessage-deflate [default]; browser: offer it as browsers do")
    args = parser.parse_args()
    for url in args.url:
        asyncio.run(measure(url, args.sessions, args.warmup, args.duration, args.query, args.compression))


if __name__ == "__main__":
    main()
