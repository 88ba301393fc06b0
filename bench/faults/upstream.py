"""The upstreams the fault runs put behind the gateway, each a real server on a loopback port.

    python upstream.py http --port P        an HTTP/1.1 server with faulty paths (below)
    python upstream.py blackhole --port P   accepts TCP connections and never reads or answers
    python upstream.py ws --port P          a WebSocket echo server (websockets), plus GET /small

HTTP paths (keep-alive; any other path gets 404):
    /small          200, 100 bytes
    /large[?mib=N]  200, Content-Length 1 MiB (or N MiB), written in 64 KiB pieces with back-pressure
    /slow?ms=N      200, 100 bytes after N ms
    /reset-body     200, Content-Length 1 MiB, then a TCP reset after the first 64 KiB
    /reset-head     a TCP reset as soon as the request head is read, nothing answered

Hand-written on asyncio streams because no HTTP server library lets a handler reset the
connection half-way through a body: that fault is the point of this server.
"""

import argparse
import asyncio
import signal
import socket
import struct
import sys

SMALL = b"s" * 100
LARGE_BYTES = 1024 * 1024
PIECE = b"".join(bytes([97 + i % 26]) for i in range(64 * 1024))


def reset(writer):
    """Closes with RST instead of FIN: SO_LINGER on, zero seconds."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def head(status, length, reason="OK"):
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/octet-stream\r\n"
            f"content-length: {length}\r\n\r\n").encode()


async def serve_http(reader, writer):
    try:
        while True:
            try:
                request = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            target = request.split(b" ", 2)[1].decode("latin-1")
            path, _, query = target.partition("?")
            if path == "/small":
                writer.write(head(200, len(SMALL)) + SMALL)
            elif path == "/large":
                size = int(dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("mib", "1")) * LARGE_BYTES
                writer.write(head(200, size))
                for _ in range(size // len(PIECE)):
                    writer.write(PIECE)
                    await writer.drain()
            elif path == "/slow":
                ms = int(dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("ms", "1000"))
                print(f"slow {ms}", flush=True)  # the SIGTERM run waits for these lines
                await asyncio.sleep(ms / 1000)
                writer.write(head(200, len(SMALL)) + SMALL)
            elif path == "/reset-body":
                writer.write(head(200, LARGE_BYTES) + PIECE)
                await writer.drain()
                reset(writer)
                return
            elif path == "/reset-head":
                reset(writer)
                return
            else:
                writer.write(head(404, 9, "Not Found") + b"not found")
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.transport.abort()


class Blackhole(asyncio.Protocol):
    """Holds each connection, discards what arrives, answers nothing, until the peer goes away."""

    def data_received(self, data):
        pass


async def run_ws(port):
    from http import HTTPStatus
    from websockets.asyncio.server import serve

    async def echo(connection):
        try:
            async for message in connection:
                await connection.send(message)
        except Exception:  # a peer gone mid-message is what the fault runs do on purpose
            pass

    def plain_http(connection, request):
        if request.headers.get("Upgrade", "").lower() != "websocket":
            if request.path.split("?")[0] == "/small":
                return connection.respond(HTTPStatus.OK, "s" * 100)
            return connection.respond(HTTPStatus.NOT_FOUND, "not found")
        return None

    async with serve(echo, "127.0.0.1", port, process_request=plain_http, subprotocols=["streamlit"],
                     ping_interval=None, max_size=16 * 1024 * 1024, backlog=4096) as server:
        print(f"upstream ws listening on 127.0.0.1:{port}", flush=True)
        await _until_signal()
        server.close()


async def _until_signal():
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    await stop


async def run_streams(kind, port):
    loop = asyncio.get_running_loop()
    if kind == "http":
        server = await asyncio.start_server(serve_http, "127.0.0.1", port, backlog=4096, reuse_address=True)
    else:
        server = await loop.create_server(Blackhole, "127.0.0.1", port, backlog=4096, reuse_address=True)
    print(f"upstream {kind} listening on 127.0.0.1:{port}", flush=True)
    await _until_signal()
    server.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["http", "blackhole", "ws"])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    if args.kind == "ws":
        asyncio.run(run_ws(args.port))
    else:
        asyncio.run(run_streams(args.kind, args.port))
    sys.exit(0)


if __name__ == "__main__":
    main()
