import { randomUUID } from 'node:crypto';
import type { RedisClient } from './connection';
import { AppError } from '../../domain/shared/errors';
import type { KeyedLock } from '../../domain/shared/keyed-lock';

// Only the holder's token releases or extends: a lock that expired and was taken by another
// process must not be freed by the first holder finishing late.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisKeyedLockOptions {
  /** How long a lock outlives a crashed holder. Extended while the work runs. */
  leaseMs?: number;
  /** How long to wait for a busy key before giving up. */
  waitMs?: number;
}

/** A Redis lease per key (SET NX PX), renewed while held, released by its token. */
export class RedisKeyedLock implements KeyedLock {
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    options: RedisKeyedLockOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.waitMs = options.waitMs ?? 30_000;
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lockKey = `${this.prefix}:lock:${key}`;
    const token = randomUUID();
    await this.acquire(lockKey, token);
    const renewal = setInterval(
      () => {
        this.redis.eval(EXTEND, 1, lockKey, token, String(this.leaseMs)).catch(() => undefined);
      },
      Math.floor(this.leaseMs / 3),
    );
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  private async acquire(lockKey: string, token: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    let pause = 5;
    for (;;) {
      const taken = await this.redis.set(lockKey, token, 'PX', this.leaseMs, 'NX');
      if (taken === 'OK') return;
      if (Date.now() >= deadline) {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          'Another change to this conversation is still running',
          {
            key: lockKey,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
    }
  }
}
