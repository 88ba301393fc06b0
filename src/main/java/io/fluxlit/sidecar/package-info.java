/**
 * The Streamlit sidecar: the command line of the managed Streamlit process, starting it,
 * piping its output into the log, and stopping it.
 */
package io.fluxlit.sidecar;
