import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/**
 * One factory for every Redis connection. BullMQ needs `maxRetriesPerRequest: null` on the
 * connections its workers block on; pub/sub subscribers need their own connection.
 */
export function createRedis(url: string, purpose: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `omnichannel:${purpose}`,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    ...options,
  });
}

export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
