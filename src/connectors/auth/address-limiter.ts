import { createHmac } from 'node:crypto';
import type { RedisClient as Redis } from '../../infra/redis/connection';
import { AppError } from '../../domain/shared/errors';
import { WindowLimits } from './window-limits';
import type { WindowLimit } from './window-limits';

export interface AddressLimiterOptions {
  redis: Redis;
  /** REDIS_KEY_PREFIX. */
  prefix: string;
  /** Names the counters, so two limited routes never share one. */
  purpose: string;
  /** Keys the hashes that name the counters: Redis never holds a client address. */
  secret: string;
  limit: WindowLimit;
  /** What the refused client reads. */
  message: string;
}

/** Requests per client address in a fixed window, in Redis so every app node shares the count. */
export class AddressLimiter {
  private readonly windows: WindowLimits;

  constructor(private readonly options: AddressLimiterOptions) {
    this.windows = new WindowLimits(options.redis);
  }

  /** Counts one request; RATE_LIMITED (with retryAfterSeconds) once the window is used up. */
  async admit(address: string): Promise<void> {
    const digest = createHmac('sha256', this.options.secret)
      .update(`${this.options.purpose}:${address}`)
      .digest('base64url');
    const key = `${this.options.prefix}:{${this.options.purpose}}:address:${digest}`;
    const waitMs = await this.windows.hit([[key, this.options.limit]]);
    if (waitMs > 0) {
      throw new AppError('RATE_LIMITED', this.options.message, {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    }
  }
}
