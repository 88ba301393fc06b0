"""A CPU-bound Streamlit app for bench/streamlit_load.py: every script run does a fixed amount of
pure-Python work (so the GIL is held, as in a real app's data crunching) and writes its result.

The amount is `?work=N` (thousands of loop iterations, default 50: about 10 ms on this
machine's cores), so a load test can make a run cheap or expensive without editing the app.
`?rows=N` (default 0: none) also shows a table of N rows, as a data app's dataframe would (its
Arrow bytes are what WebSocket compression gains most on).
"""
import streamlit as st

work = int(st.query_params.get("work", "50"))
total = 0
for i in range(work * 1000):
    total += i * i % 7
st.write("work", work, "result", total)
rows = int(st.query_params.get("rows", "0"))
if rows:
    st.dataframe({"n": list(range(rows)), "square": [i * i for i in range(rows)],
                  "label": ["row %d of the table" % i for i in range(rows)]})
