/**
 * The health verticle: probes the Streamlit upstream with vertx-health-check procedures and
 * answers readiness questions over the event bus.
 */
package io.fluxlit.health;
