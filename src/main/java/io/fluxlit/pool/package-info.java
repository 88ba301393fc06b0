/**
 * The pool of Streamlit workers behind the one port: the workers and their states, the affinity
 * cookie that pins a browser to one of them, the choice for each request, the rolling reload, and
 * workers that other hosts announce over the clustered event bus (docs/scaling.md).
 */
package io.fluxlit.pool;
