"""FluxLit hello: a small Streamlit app served through the FluxLit gateway."""

import streamlit as st

st.title("Hello from FluxLit")

size = st.slider("Pick a number", min_value=0, max_value=100, value=42, key="size")
st.write(f"You picked {size}.")

if "clicks" not in st.session_state:
    st.session_state.clicks = 0

if st.button("Count", key="count"):
    st.session_state.clicks += 1

st.markdown(f"Button clicks: **{st.session_state.clicks}**")
