/**
 * The Streamlit sidecar: the command line of the managed Streamlit process, starting it,
 * piping its output into the log, restarting it with backoff when it dies, and stopping it.
 */
package io.fluxlit.sidecar;
