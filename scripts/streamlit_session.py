"""Opens one Streamlit session through the gateway, as a browser tab does, without a browser.

    .venv/bin/python scripts/streamlit_session.py ws://127.0.0.1:8000/_stcore/stream

Prints the X-Request-ID of the WebSocket handshake's 101 answer on the first line, then the text
of every element the app's first run sent. Exits 1 when the handshake or the run fails, or when
no run finishes within 60 s. Used by scripts/compose-test.sh; needs the websockets package and
Streamlit's protobuf classes (both in .venv with Streamlit).
"""

import asyncio
import sys

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


async def session(url: str) -> int:
    # A browser sends its page's origin; Streamlit (CORS on) refuses one that does not match Host.
    origin = "http" + url[len("ws"):].split("/_stcore/")[0]
    async with websockets.connect(url, origin=origin, subprotocols=["streamlit"], max_size=None,
                                  open_timeout=10) as ws:
        print(ws.response.headers.get("X-Request-ID", ""))
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await ws.send(rerun.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                field = element.WhichOneof("type")
                value = getattr(element, field)
                text = getattr(value, "body", None) or getattr(value, "label", None)
                if text:
                    print(text)
            elif kind == "script_finished":
                return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: streamlit_session.py ws://HOST:PORT/_stcore/stream")
    try:
        sys.exit(asyncio.run(session(sys.argv[1])))
    except Exception as error:  # noqa: BLE001 - one line for the calling script's log
        sys.exit(f"streamlit session failed: {error!r}")
