import type { SendRateGate } from '../../domain/campaigns/ports';

/** What the gate needs of a Redis client: BullMQ's client abstraction (a queue's connection) has it. */
export interface LuaRedis {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  runCommand(name: string, args: Array<string | number>): Promise<unknown>;
}

const COMMAND = 'campaignSendSlot';

/**
 * Hands out sending slots, evenly spaced, in Redis's own clock (microseconds), so every worker
 * process shares one budget. The key holds the last slot given: the next is one interval after
 * it, or now if the gate was idle. A slot is given at most `horizon` ahead; further requests are
 * told how long to wait before asking again. A missing key (first use, a long idle, or a Redis that
 * lost its data) starts one horizon out, past any slot the lost key may have given.
 * Answers {1, slot, micros until it} or {0, 0, micros to wait before asking again}.
 */
const slotScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local horizon = tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '')
local slot
if last then
  slot = math.max(now, last + interval)
  if slot - now > horizon then
    return {0, 0, slot - horizon - now}
  end
else
  slot = now + horizon
end
redis.call('SET', KEYS[1], string.format('%.0f', slot), 'PX', math.ceil((slot - now) / 1000) + 2000)
return {1, slot, slot - now}
`;

export interface RedisRateGateOptions {
  /** Prefix of the gate keys (REDIS_KEY_PREFIX). */
  prefix: string;
  /**
   * How far ahead a slot may be given (default 1 s): the senders waiting on slots at once are
   * about rate × horizon; the rest ask again later. A campaign's first send waits this long.
   */
  horizonMs?: number;
}

/**
 * The even spacing is the whole guarantee: slots at least 1/rate apart (rounded up to the
 * microsecond) put at most `rate` of them in any one-second window, and the message is stored at
 * its slot's moment, so the stored sends show the same. Given back to back while senders wait,
 * they keep the average at the rate.
 */
export class RedisRateGate implements SendRateGate {
  private readonly horizonUs: number;

  constructor(
    private readonly redis: () => Promise<LuaRedis>,
    private readonly options: RedisRateGateOptions,
  ) {
    this.horizonUs = (options.horizonMs ?? 1000) * 1000;
  }

  private defined: Promise<LuaRedis> | undefined;

  /** The client, with the script registered once (EVALSHA from then on). */
  private connected(): Promise<LuaRedis> {
    this.defined ??= this.redis().then((redis) => {
      redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: slotScript });
      return redis;
    });
    return this.defined;
  }

  async acquire(key: string, perSecond: number): Promise<Date> {
    // At most `rate` in any second: whole sends per second, or one per 1/rate seconds below one.
    const perWindow = perSecond >= 1 ? Math.floor(perSecond) : perSecond;
    const intervalUs = Math.ceil(1_000_000 / perWindow);
    const redisKey = `${this.options.prefix}:rate:${key}`;
    const redis = await this.connected();
    for (;;) {
      const [granted, slot, waitUs] = (await redis.runCommand(COMMAND, [
        redisKey,
        intervalUs,
        this.horizonUs,
      ])) as [number, number, number];
      if (granted === 1) {
        if (waitUs > 0) await sleep(waitUs / 1000);
        return new Date(Math.floor(slot / 1000));
      }
      // Not yet within the horizon: ask again when it might be, spread so waiters do not ask at once.
      await sleep(waitUs / 1000 + Math.random() * (this.horizonUs / 4000));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
