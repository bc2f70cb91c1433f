import type { RedisClient as Redis } from '../../infra/redis/connection';

export interface BackoffPolicy {
  /** Attempts allowed back to back before any wait. */
  freeAttempts: number;
  /** The wait after the first attempt beyond the free ones; it doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long the count is remembered after the last attempt. */
  memoryMs: number;
}

/**
 * One attempt against several keys (a username and an address), decided in one script by Redis's
 * own clock, so parallel attempts and every app node share the same counts. While any key is
 * locked nothing is counted and the longest wait is answered. Otherwise the attempt is counted on
 * every key, and a key beyond its free attempts is locked for baseDelay × 2^(extra − 1), capped.
 * ARGV holds four numbers per key: free attempts, base delay, maximum delay, memory.
 */
const ADMIT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local lockedUntil = tonumber(redis.call('HGET', key, 'lockedUntil') or '0')
  if lockedUntil - now > wait then wait = lockedUntil - now end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local free = tonumber(ARGV[i * 4 - 3])
  local base = tonumber(ARGV[i * 4 - 2])
  local cap = tonumber(ARGV[i * 4 - 1])
  local keep = tonumber(ARGV[i * 4])
  local attempts = redis.call('HINCRBY', key, 'attempts', 1)
  if attempts > free then
    local lock = math.min(cap, base * 2 ^ math.min(attempts - free - 1, 40))
    redis.call('HSET', key, 'lockedUntil', string.format('%.0f', now + lock))
    keep = math.max(keep, lock)
  end
  redis.call('PEXPIRE', key, string.format('%.0f', keep))
end
return 0
`;

/** Takes back one counted attempt (one that turned out right), never below zero. */
const REFUND = `
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
if attempts > 0 then redis.call('HINCRBY', KEYS[1], 'attempts', -1) end
return 0
`;

/**
 * Attempt counting with exponential backoff, one Redis hash per key. Keys admitted together must
 * share a hash slot (a `{tag}`) for Redis Cluster.
 */
export class AttemptBackoff {
  constructor(private readonly redis: Redis) {}

  /** Counts one attempt on every key; 0 when it may go ahead, else the milliseconds to wait. */
  async admit(keys: ReadonlyArray<readonly [key: string, policy: BackoffPolicy]>): Promise<number> {
    const policies = keys.flatMap(([, policy]) => [
      policy.freeAttempts,
      policy.baseDelayMs,
      policy.maxDelayMs,
      policy.memoryMs,
    ]);
    const wait = await this.redis.eval(
      ADMIT,
      keys.length,
      ...keys.map(([key]) => key),
      ...policies,
    );
    return Number(wait);
  }

  /** Forgets every attempt on the key (a success). */
  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }

  /** Uncounts one attempt that succeeded, leaving earlier failures (and any lock) in place. */
  async refund(key: string): Promise<void> {
    await this.redis.eval(REFUND, 1, key);
  }
}
