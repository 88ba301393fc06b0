"""FluxLit hello: a small Streamlit app served through the FluxLit gateway."""

import hashlib
import json
import os
import urllib.parse
import urllib.request

import streamlit as st

st.title("Hello from FluxLit")

# Behind FluxLit's sign-in gate (FLUXLIT_AUTH_OIDC_ISSUER, docs/auth.md) the gateway tells
# Streamlit who is signed in, and st.user has it: no sign-in code in the app.
signed_in_email = st.user.get("email")
if signed_in_email:
    st.info(f"Signed in as {signed_in_email} ({st.user.get('preferred_username')})")
    st.markdown("[Sign out](__fluxlit/auth/logout)")

size = st.slider("Pick a number", min_value=0, max_value=100, value=42, key="size")
st.write(f"You picked {size}.")

if "clicks" not in st.session_state:
    st.session_state.clicks = 0

if st.button("Count", key="count"):
    st.session_state.clicks += 1

st.markdown(f"Button clicks: **{st.session_state.clicks}**")

st.subheader("Calling the API")
# FluxLit tells its managed Streamlit where the API is; passing this session's request ID on
# joins browser, gateway, Streamlit and API (extension) log lines under one ID.
api_base = os.environ.get("FLUXLIT_INTERNAL_API_BASE", "http://127.0.0.1:8000/api")
# The gateway gives this session's WebSocket handshake its X-Request-ID (docs/observability.md).
request_id = st.context.headers.get("X-Request-ID")
if request_id and st.session_state.get("logged_request_id") != request_id:
    # Once per session, so the ID is in this app's log too (the compose test looks for it).
    st.session_state.logged_request_id = request_id
    print(f"hello app: session request_id={request_id}", flush=True)
# Relative links, so they work under FLUXLIT_ROOT_PATH and behind a proxy.
api_docs = os.environ.get("FLUXLIT_API_PREFIX", "/api").strip("/")
st.markdown(
    f"This session's request ID: `{request_id or 'none (not behind FluxLit?)'}`. The same ID is in the "
    "gateway's access line for this page's WebSocket (`websocket /_stcore/stream request_id=…`, written when "
    "the tab closes), in this app's log line (`hello app: session request_id=…`), and, when you greet, in the "
    "gateway's access line for the API call, the extension's log line (`examples.greeting request_id=…`) "
    "and the API's answer. "
    f"API: [docs (Swagger UI)]({api_docs}/docs), [openapi.json]({api_docs}/openapi.json), "
    f"[readiness]({api_docs}/readyz)."
)
name = st.text_input("Your name", value="Streamlit", key="name")
if st.button("Greet via the API", key="greet"):
    request = urllib.request.Request(f"{api_base}/greet/{urllib.parse.quote(name)}")
    if request_id:
        request.add_header("X-Request-ID", request_id)
    # Behind the sign-in gate the API wants the user's session too: the call is made as them.
    session_cookie = st.context.cookies.get("fluxlit_session")
    if session_cookie:
        request.add_header("Cookie", f"fluxlit_session={session_cookie}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            answer = json.load(response)
        st.success(answer.get("greeting", ""))
        st.caption(f"request_id: {answer.get('request_id')} (this session's: {request_id})")
    except Exception as error:  # noqa: BLE001 - show any failure to the user
        st.warning(f"The API did not answer: {error} (deploy io.fluxlit.examples.GreetingVerticle)")

st.subheader("Uploading a file")
# Streamlit checks its XSRF token on every upload; FluxLit keeps that protection on.
uploaded = st.file_uploader("Pick a file", key="upload")
if uploaded is not None:
    data = uploaded.getvalue()
    st.markdown(f"Uploaded `{uploaded.name}`: {len(data)} bytes, sha256 `{hashlib.sha256(data).hexdigest()}`")
