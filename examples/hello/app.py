"""FluxLit hello: a small Streamlit app served through the FluxLit gateway."""

import hashlib
import json
import os
import urllib.parse
import urllib.request

import streamlit as st

st.title("Hello from FluxLit")

size = st.slider("Pick a number", min_value=0, max_value=100, value=42, key="size")
st.write(f"You picked {size}.")

if "clicks" not in st.session_state:
    st.session_state.clicks = 0

if st.button("Count", key="count"):
    st.session_state.clicks += 1

st.markdown(f"Button clicks: **{st.session_state.clicks}**")

st.subheader("Calling the API")
# FluxLit tells its managed Streamlit where the API is; passing the browser's request ID on
# joins browser, gateway, Streamlit and API (extension) log lines under one ID.
api_base = os.environ.get("FLUXLIT_INTERNAL_API_BASE", "http://127.0.0.1:8000/api")
request_id = st.context.headers.get("X-Request-ID")
name = st.text_input("Your name", value="Streamlit", key="name")
if st.button("Greet via the API", key="greet"):
    request = urllib.request.Request(f"{api_base}/greet/{urllib.parse.quote(name)}")
    if request_id:
        request.add_header("X-Request-ID", request_id)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            answer = json.load(response)
        st.success(answer.get("greeting", ""))
        st.caption(f"request_id: {answer.get('request_id')}")
    except Exception as error:  # noqa: BLE001 - show any failure to the user
        st.warning(f"The API did not answer: {error} (deploy io.fluxlit.examples.GreetingVerticle)")

st.subheader("Uploading a file")
# Streamlit checks its XSRF token on every upload; FluxLit keeps that protection on.
uploaded = st.file_uploader("Pick a file", key="upload")
if uploaded is not None:
    data = uploaded.getvalue()
    st.markdown(f"Uploaded `{uploaded.name}`: {len(data)} bytes, sha256 `{hashlib.sha256(data).hexdigest()}`")
