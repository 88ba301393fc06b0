"""Test app for the worker pool (PoolIT): names its process, digests an upload, shows an image.

The image is made here, so Streamlit keeps it in this process's memory and serves it from
/media/: a browser sees it only when its requests reach the process that ran its script.
"""
import hashlib
import os
import struct
import zlib

import streamlit as st

VERSION = "1"


def png(width, height, rgb):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


st.title("Pool test")
st.write(f"worker pid: {os.getpid()} app version: {VERSION}")
uploaded = st.file_uploader("Upload a file")
if uploaded is not None:
    st.write("sha256: " + hashlib.sha256(uploaded.getvalue()).hexdigest())
st.image(png(40, 30, (os.getpid() % 256, 120, 200)), caption="made by this worker")
