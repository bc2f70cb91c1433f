import { startThrowawayRedis } from '../../src/infra/redis/resolve-redis';
import type { ThrowawayRedis } from '../../src/infra/redis/resolve-redis';

declare global {
  var __throwawayRedis: ThrowawayRedis | undefined;
}

/**
 * Integration tests get their own throwaway redis-server on a free port (unless REDIS_URL is set
 * on purpose), so the suite never touches a developer's Redis data.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_REDIS_URL) {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL;
    return;
  }
  const redis = await startThrowawayRedis();
  globalThis.__throwawayRedis = redis;
  process.env.REDIS_URL = redis.url;
}
