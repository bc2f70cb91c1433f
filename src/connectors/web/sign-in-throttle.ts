import { createHmac } from 'node:crypto';
import type { RedisClient as Redis } from '../../infra/redis/connection';
import { AppError } from '../../domain/shared/errors';
import { WindowLimits } from '../auth/window-limits';
import type { WindowLimit } from '../auth/window-limits';

export type { WindowLimit } from '../auth/window-limits';

export interface SignInThrottleLimits {
  /** Codes texted to one number: SMS costs money, and a customer's phone is not a target. */
  perPhone: WindowLimit;
  /**
   * Codes texted to one range of numbers (all but the last digits): SMS pumping walks through a
   * premium range, a new number each time, which no per-number limit notices.
   */
  perDestinationRange: WindowLimit;
  /** Code requests from one client address, whatever the numbers. */
  perAddress: WindowLimit;
}

export const defaultSignInLimits: SignInThrottleLimits = {
  perPhone: { max: 3, windowSeconds: 15 * 60 },
  perDestinationRange: { max: 10, windowSeconds: 60 * 60 },
  perAddress: { max: 20, windowSeconds: 15 * 60 },
};

/** The digits dropped from a number to name its range: a range is a thousand numbers. */
const RANGE_SUFFIX_DIGITS = 3;

/** `+447700900123` → `+447700900`: the range a number is in, for the per-range limit. */
export function destinationRange(e164: string): string {
  return e164.slice(0, Math.max(2, e164.length - RANGE_SUFFIX_DIGITS));
}

/**
 * Code request limits in Redis, so every app node shares them. IdentityService already refuses a
 * second code for the same visitor within 30 s, but the portal makes a new visitor per sign-in,
 * so the number, its range and the client address are limited here. Keys are keyed hashes:
 * Redis never holds a phone number or an address.
 */
export class SignInThrottle {
  private readonly windows: WindowLimits;

  constructor(
    redis: Redis,
    private readonly options: { prefix: string; secret: string },
    private readonly limits: SignInThrottleLimits = defaultSignInLimits,
  ) {
    this.windows = new WindowLimits(redis);
  }

  /** Counts one code request; RATE_LIMITED (with retryAfterSeconds) once any limit is spent. */
  async admitCodeRequest(e164: string, address: string): Promise<void> {
    const waitMs = await this.windows.hit([
      [this.key('phone', e164), this.limits.perPhone],
      [this.key('range', destinationRange(e164)), this.limits.perDestinationRange],
      [this.key('address', address), this.limits.perAddress],
    ]);
    if (waitMs > 0) {
      throw new AppError('RATE_LIMITED', 'Too many codes were asked for. Try again later.', {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    }
  }

  private key(kind: 'phone' | 'range' | 'address', value: string): string {
    const digest = createHmac('sha256', this.options.secret)
      .update(`${kind}:${value}`)
      .digest('base64url');
    // One hash tag: a request's keys are counted in one script, so one Cluster slot.
    return `${this.options.prefix}:{sign-in-codes}:${kind}:${digest}`;
  }
}
