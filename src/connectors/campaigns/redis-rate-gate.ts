import { randomUUID } from 'node:crypto';
import type { SendRateGate } from '../../domain/campaigns/ports';

/** What the gate needs of a Redis client: BullMQ's client abstraction (a queue's connection) has it. */
export interface LuaRedis {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  runCommand(name: string, args: Array<string | number>): Promise<unknown>;
}

const COMMAND = 'campaignRateGate';

/**
 * A sliding one-second log of grants in a Redis sorted set, decided by Redis's own clock in one
 * script, so every worker process shares one budget: a grant is given only while fewer than
 * `limit` were given in the last window, and never closer than half the even spacing to the
 * previous one (so a run starts smoothly rather than with a burst). Answers 0 (go) or how many
 * milliseconds to wait before asking again.
 */
const slidingWindowScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now + 1)
end
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local spacing = math.floor(window / limit / 2)
if newest[2] and now - tonumber(newest[2]) < spacing then
  return tonumber(newest[2]) + spacing - now
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window * 2)
return 0
`;

export interface RedisRateGateOptions {
  /** Prefix of the gate keys (REDIS_KEY_PREFIX). */
  prefix: string;
  /**
   * Added to the one-second window: what happens between a grant and the hand over (a consent
   * read, the insert) varies by a few milliseconds, and must not push two grants into one second.
   */
  marginMs?: number;
}

export class RedisRateGate implements SendRateGate {
  private readonly marginMs: number;

  constructor(
    private readonly redis: () => Promise<LuaRedis>,
    private readonly options: RedisRateGateOptions,
  ) {
    this.marginMs = options.marginMs ?? 50;
  }

  private defined: Promise<LuaRedis> | undefined;

  /** The client, with the script registered once (EVALSHA from then on). */
  private connected(): Promise<LuaRedis> {
    this.defined ??= this.redis().then((redis) => {
      redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: slidingWindowScript });
      return redis;
    });
    return this.defined;
  }

  async acquire(key: string, perSecond: number): Promise<void> {
    // Below one per second the window widens instead: one grant per 1/rate seconds.
    const limit = perSecond >= 1 ? Math.floor(perSecond) : 1;
    const window = Math.ceil((perSecond >= 1 ? 1000 : 1000 / perSecond) + this.marginMs);
    const redisKey = `${this.options.prefix}:rate:${key}`;
    const member = randomUUID();
    const redis = await this.connected();
    for (;;) {
      const wait = Number(await redis.runCommand(COMMAND, [redisKey, limit, window, member]));
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
    }
  }
}
