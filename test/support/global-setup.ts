import { startThrowawayRedis } from '../../src/infra/redis/resolve-redis';
import type { ThrowawayRedis } from '../../src/infra/redis/resolve-redis';
import { startEmbeddedMongoProcess } from '../../src/infra/mongo/embedded-process';
import type { EmbeddedMongoProcess } from '../../src/infra/mongo/embedded-process';

declare global {
  var __throwawayRedis: ThrowawayRedis | undefined;
  var __embeddedMongo: EmbeddedMongoProcess | undefined;
}

/**
 * Integration tests get their own throwaway redis-server on a free port (unless REDIS_URL is set
 * on purpose), so the suite never touches a developer's Redis data, and one memory-only embedded
 * MongoDB in its own process (unless MONGODB_URI names a real one), as `npm start` runs it: each
 * test then works in a database of its own on it.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.MONGODB_URI) {
    const mongo = await startEmbeddedMongoProcess();
    globalThis.__embeddedMongo = mongo;
    process.env.TEST_EMBEDDED_MONGO_URI = mongo.uri;
  }
  if (process.env.TEST_REDIS_URL) {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL;
    return;
  }
  const redis = await startThrowawayRedis();
  globalThis.__throwawayRedis = redis;
  process.env.REDIS_URL = redis.url;
}
