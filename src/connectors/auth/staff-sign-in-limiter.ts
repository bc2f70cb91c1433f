import { createHmac } from 'node:crypto';
import type { RedisClient as Redis } from '../../infra/redis/connection';
import { AppError } from '../../domain/shared/errors';
import { AttemptBackoff } from './attempt-backoff';
import type { BackoffPolicy } from './attempt-backoff';

export interface StaffSignInLimits {
  /** Guesses at one username, whoever makes them. */
  perUsername: BackoffPolicy;
  /** Guesses from one client address, whatever the usernames (password spraying). */
  perAddress: BackoffPolicy;
}

export const defaultStaffSignInLimits: StaffSignInLimits = {
  perUsername: { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, memoryMs: 3600_000 },
  // An office behind one address signs many people in at the start of a shift.
  perAddress: { freeAttempts: 20, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, memoryMs: 3600_000 },
};

export interface StaffSignInLimiterOptions {
  redis: Redis;
  /** REDIS_KEY_PREFIX. */
  prefix: string;
  /** Keys the hashes that name the counters: Redis never holds a username or an address. */
  secret: string;
  limits?: StaffSignInLimits;
}

/**
 * Password guessing limits for `POST /api/auth/sign-in`, in Redis so they hold across app nodes.
 * Every attempt is counted before the password is checked; a locked username or address is
 * refused before its password is even looked at, so the right one during a lock-out fails too.
 */
export class StaffSignInLimiter {
  private readonly backoff: AttemptBackoff;
  private readonly limits: StaffSignInLimits;

  constructor(private readonly options: StaffSignInLimiterOptions) {
    this.backoff = new AttemptBackoff(options.redis);
    this.limits = options.limits ?? defaultStaffSignInLimits;
  }

  /** Counts this attempt; RATE_LIMITED (with retryAfterSeconds) while either key must wait. */
  async admit(username: string, address: string): Promise<void> {
    const waitMs = await this.backoff.admit([
      [this.key('username', normaliseUsername(username)), this.limits.perUsername],
      [this.key('address', address), this.limits.perAddress],
    ]);
    if (waitMs > 0) {
      throw new AppError(
        'RATE_LIMITED',
        'Too many sign-in attempts. Wait a moment before trying again.',
        { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) },
      );
    }
  }

  /**
   * The password was right: the username starts afresh, and the address gets this attempt back
   * (but keeps its failures, so one good account does not hide a spray of guesses at others).
   */
  async succeeded(username: string, address: string): Promise<void> {
    await Promise.all([
      this.backoff.reset(this.key('username', normaliseUsername(username))),
      this.backoff.refund(this.key('address', address)),
    ]);
  }

  private key(kind: 'username' | 'address', value: string): string {
    const digest = createHmac('sha256', this.options.secret)
      .update(`${kind}:${value}`)
      .digest('base64url');
    // One hash tag: an attempt's keys are updated in one script, so one Cluster slot.
    return `${this.options.prefix}:{staff-sign-in}:${kind}:${digest}`;
  }
}

/** As the user service looks usernames up, so `Agent.Alex ` and `agent.alex` share one count. */
function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}
