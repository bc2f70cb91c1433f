import { createApplicationFeatures } from './features';
import { ConfigError, loadConfig } from './infra/config';
import { exitGracefullyOnSignals } from './infra/lifecycle';
import { createLogger } from './infra/logger';
import { startRuntime } from './runtime';

/** A worker process: runs the BullMQ workers only. Scale it out by starting more of them. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'omnichannel-worker');
  const exit = exitGracefullyOnSignals(logger, config.SHUTDOWN_TIMEOUT_MS);
  const features = createApplicationFeatures();
  const runtime = await startRuntime({
    config,
    logger,
    role: 'worker',
    configure: features.configure,
  });
  logger.info({ workers: runtime.queues.workerCount }, 'worker ready');
  exit.closeWith(runtime.close);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
