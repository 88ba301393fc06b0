package io.fluxlit.pool;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObserver;

/**
 * Counts each worker's open WebSocket sessions, which the choice of a worker for a new browser
 * (the least loaded one takes a new browser) and the per-worker sessions metric read. A session counts
 * from its accepted upgrade to its close.
 */
public final class WorkerSessions implements ExchangeObserver {

  /** Counts the sessions of the worker each exchange carries ({@link Worker#CHOSEN}). */
  public WorkerSessions() {
  }

  @Override
  public void upgraded(Exchange exchange) {
    Worker worker = exchange.get(Worker.CHOSEN);
    if (worker != null) {
      worker.sessionOpened();
    }
  }

  @Override
  public void ended(Exchange exchange) {
    if (exchange.isWebSocket() && exchange.status() == 101) {
      Worker worker = exchange.get(Worker.CHOSEN);
      if (worker != null) {
        worker.sessionClosed();
      }
    }
  }
}
