import type { RedisClient as Redis } from '../../infra/redis/connection';

export interface WindowLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Fixed windows over several keys at once (a number, its range, an address), in one script: when
 * any key has used its window, nothing is counted and the longest remaining wait is answered (so
 * a refused request costs no one any budget); otherwise every key counts the request. ARGV holds
 * the maximum and the window in milliseconds per key.
 */
const HIT = `
local wait = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[i * 2 - 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, ARGV[i * 2])
      ttl = tonumber(ARGV[i * 2])
    end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[i * 2]) end
end
return 0
`;

/**
 * Request counting per key in Redis, shared by every app node. Keys counted together must share a
 * hash slot (a `{tag}`) for Redis Cluster.
 */
export class WindowLimits {
  constructor(private readonly redis: Redis) {}

  /** Counts one request on every key; 0 when within every limit, else the milliseconds to wait. */
  async hit(keys: ReadonlyArray<readonly [key: string, limit: WindowLimit]>): Promise<number> {
    const limits = keys.flatMap(([, limit]) => [limit.max, limit.windowSeconds * 1000]);
    const wait = await this.redis.eval(HIT, keys.length, ...keys.map(([key]) => key), ...limits);
    return Number(wait);
  }
}
