package io.fluxlit.pool;

import io.vertx.core.Future;

import java.util.List;

/**
 * Starts and stops the workers this gateway manages; the rolling reload replaces them through
 * it. Implemented by the sidecar, which runs each worker as a supervised Streamlit process.
 */
public interface WorkerLauncher {

  /**
   * Starts a worker in a slot and adds it to the pool.
   *
   * @param slot the slot, e.g. {@code w1}
   * @param generation 1 for the slot's first process, one more for each replacement
   * @return the worker once it is up (failed when it could not be started or never became healthy)
   */
  Future<Worker> launch(String slot, int generation);

  /**
   * Stops a worker's process and removes it from the pool.
   *
   * @param worker a worker it launched
   * @param why for the log line, e.g. {@code drained}
   * @return completed once the process has exited
   */
  Future<Void> stop(Worker worker, String why);

  /** @return the workers it runs now */
  List<Worker> running();
}
