import { createHmac } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Clock } from '../../domain/shared/clock';
import { isDuplicateKeyError } from '../../domain/shared/duplicate-key';
import { AppError } from '../../domain/shared/errors';

export interface WindowLimit {
  max: number;
  windowSeconds: number;
}

export interface SignInThrottleLimits {
  /** Codes texted to one number: SMS costs money and pumping premium numbers is a known fraud. */
  perPhone: WindowLimit;
  /** Code requests from one client address, whatever the numbers. */
  perAddress: WindowLimit;
}

export const defaultSignInLimits: SignInThrottleLimits = {
  perPhone: { max: 3, windowSeconds: 15 * 60 },
  perAddress: { max: 20, windowSeconds: 15 * 60 },
};

interface WindowDocument {
  _id: string;
  count: number;
  windowEndsAt: Date;
}

function windowModel(connection: Connection): Model<WindowDocument> {
  const existing = connection.models.SignInThrottleWindow as Model<WindowDocument> | undefined;
  if (existing) return existing;
  const schema = new Schema<WindowDocument>(
    {
      _id: { type: String, required: true },
      count: { type: Number, required: true },
      windowEndsAt: { type: Date, required: true },
    },
    { collection: 'sign_in_throttle', versionKey: false },
  );
  // Windows clean themselves up; correctness never depends on when that happens.
  schema.index({ windowEndsAt: 1 }, { expireAfterSeconds: 0 });
  return connection.model<WindowDocument>('SignInThrottleWindow', schema);
}

/**
 * Fixed-window counters in MongoDB, so every app node shares them. IdentityService already refuses
 * a second code for the same visitor within 30 s, but the portal makes a new visitor per sign-in,
 * so the number itself and the client address are limited here. Keys are keyed hashes: the
 * collection never holds a phone number.
 */
export class SignInThrottle {
  private readonly windows: Model<WindowDocument>;

  constructor(
    connection: Connection,
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly limits: SignInThrottleLimits = defaultSignInLimits,
  ) {
    this.windows = windowModel(connection);
  }

  async init(): Promise<void> {
    await this.windows.init();
  }

  /** Counts one code request; RATE_LIMITED (with retryAfterSeconds) once either limit is spent. */
  async admitCodeRequest(e164: string, address: string): Promise<void> {
    const checks = [
      this.hit(this.key('phone', e164), this.limits.perPhone),
      this.hit(this.key('address', address), this.limits.perAddress),
    ];
    const waits = await Promise.all(checks);
    const retryAfterSeconds = Math.max(...waits);
    if (retryAfterSeconds > 0) {
      throw new AppError('RATE_LIMITED', 'Too many codes requested; try again later', {
        retryAfterSeconds,
      });
    }
  }

  private key(kind: string, value: string): string {
    return `${kind}:${createHmac('sha256', this.secret).update(`${kind}:${value}`).digest('base64url')}`;
  }

  /** Seconds to wait, 0 when this hit is within the limit. */
  private async hit(key: string, limit: WindowLimit): Promise<number> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.clock.now();
      const current = await this.windows
        .findOneAndUpdate(
          { _id: key, windowEndsAt: { $gt: now } },
          { $inc: { count: 1 } },
          { returnDocument: 'after' },
        )
        .lean<WindowDocument>();
      if (current) {
        if (current.count <= limit.max) return 0;
        return Math.max(1, Math.ceil((current.windowEndsAt.getTime() - now.getTime()) / 1000));
      }
      const windowEndsAt = new Date(now.getTime() + limit.windowSeconds * 1000);
      const restarted = await this.windows.updateOne(
        { _id: key, windowEndsAt: { $lte: now } },
        { $set: { count: 1, windowEndsAt } },
      );
      if (restarted.modifiedCount === 1) return 0;
      try {
        await this.windows.create({ _id: key, count: 1, windowEndsAt });
        return 0;
      } catch (error) {
        // Another request opened the window first: count against it on the next pass.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new AppError('CONFLICT', 'The request could not be counted; retry');
  }
}
