import type { Logger } from './logger';

export interface GracefulExit {
  /** Hands over what closes the process; a signal that arrived during start-up is honoured now. */
  closeWith(close: () => Promise<void>): void;
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests and jobs finish, close connections, exit 0.
 * If that takes longer than `timeoutMs`, exit 1 so an orchestrator knows the shutdown was cut short.
 * Installed before start-up, so a signal that races the "ready" log is never handled by the default
 * action (which would kill the process without closing anything).
 */
export function exitGracefullyOnSignals(logger: Logger, timeoutMs: number): GracefulExit {
  let close: (() => Promise<void>) | undefined;
  let requested: NodeJS.Signals | undefined;

  const shutDown = () => {
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    (close ?? (async () => undefined))().then(
      () => {
        logger.info('shut down cleanly');
        logger.flush?.();
        // A fatal fault (the database could not be restarted) set a failing exit code first.
        process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) return;
    requested = signal;
    logger.info({ signal }, 'shutting down');
    if (close) shutDown();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  return {
    closeWith: (closer) => {
      close = closer;
      if (requested) shutDown();
    },
  };
}
