import { createApplicationFeatures } from './features';
import { ConfigError, loadConfig } from './infra/config';
import { createLogger } from './infra/logger';
import { startRuntime } from './runtime';
import { seedDemoData } from './seed/demo-data';
import { seedDemoUsers } from './seed/users';

/**
 * `npm run seed`: loads the demo catalog and customers, adding only what is missing. Next to a
 * running `npm start` it joins that process's embedded MongoDB.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'omnichannel-seed');
  const features = createApplicationFeatures();
  const runtime = await startRuntime({
    config,
    logger,
    role: 'worker',
    runWorkers: false,
    configure: features.configure,
  });
  try {
    const result = await seedDemoData({
      catalog: features.catalog.services.catalog,
      customerModels: features.customers.services.models,
    });
    console.log(
      `catalog: ${result.catalog.created} created, ${result.catalog.existing} already there; ` +
        `customers: ${result.customers.inserted} created, ${result.customers.existing} already there`,
    );
    const users = await seedDemoUsers({ users: features.users.services.users });
    console.log(
      `staff users: ${users.created.length} created, ${users.existing.length} already there`,
    );
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
