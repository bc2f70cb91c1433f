import { createApplicationFeatures } from './features';
import { ConfigError, loadConfig } from './infra/config';
import { exitGracefullyOnSignals } from './infra/lifecycle';
import { createLogger } from './infra/logger';
import { startRuntime } from './runtime';
import { seedDemoDataIfEmpty } from './seed/demo-data';
import { seedDemoUsers } from './seed/users';

/** An app node: HTTP, sockets, and (in development, RUN_WORKERS=true) the job workers too. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const exit = exitGracefullyOnSignals(logger, config.SHUTDOWN_TIMEOUT_MS);
  const features = createApplicationFeatures();
  const runtime = await startRuntime({
    config,
    logger,
    role: 'app',
    configure: async (context) => {
      await features.configure(context);
      if (config.SEED_DEMO_DATA !== 'on-empty') return;
      const seeded = await seedDemoDataIfEmpty({
        catalog: features.catalog.services.catalog,
        customerModels: features.customers.services.models,
      });
      if (seeded)
        logger.info(seeded, 'loaded the demo catalog and customers into an empty database');
      // Staff demo users (README lists them); `ensure` leaves existing accounts untouched.
      const users = await seedDemoUsers({ users: features.users.services.users });
      if (users.created.length > 0)
        logger.info({ users: users.created }, 'created demo staff users');
    },
    configureApp: features.configureApp,
  });
  logger.info(
    { url: runtime.url, publicUrl: config.PUBLIC_BASE_URL, workers: runtime.queues.workerCount },
    `service ready at ${runtime.url} (${runtime.mongo.description})`,
  );
  exit.closeWith(runtime.close);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
