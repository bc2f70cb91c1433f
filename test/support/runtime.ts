import { loadConfig } from '../../src/infra/config';
import type { Config } from '../../src/infra/config';
import { startRuntime } from '../../src/runtime';
import type { Runtime, RuntimeOptions } from '../../src/runtime';
import { startTestMongo } from './mongo';

export interface TestRuntime extends Runtime {
  /** Closes the runtime, then drops its database. */
  stop(): Promise<void>;
}

// One prefix per test file: runtimes in a file share queues and events, files never collide.
const redisKeyPrefix = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Test configuration: port 0, silent logs, the suite's throwaway Redis, a database of its own. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: process.env.REDIS_URL,
    MONGODB_DATA_DIR: 'memory',
    RUN_WORKERS: 'true',
    SEED_DEMO_DATA: 'never',
    REDIS_KEY_PREFIX: redisKeyPrefix,
    ...overrides,
  });
}

export async function startTestRuntime(
  options: Partial<Omit<RuntimeOptions, 'config'>> & {
    env?: Record<string, string>;
    mongoUri?: string;
  } = {},
): Promise<TestRuntime> {
  const mongo = options.mongoUri ? undefined : await startTestMongo();
  const config = testConfig({ MONGODB_URI: options.mongoUri ?? mongo!.uri, ...options.env });
  const runtime = await startRuntime({ role: 'app', ...options, config });
  return Object.assign(runtime, {
    stop: async () => {
      await runtime.close();
      await mongo?.stop();
    },
  });
}
