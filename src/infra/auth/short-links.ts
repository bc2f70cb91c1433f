import { randomInt } from 'node:crypto';
import type { RedisClient as Redis } from '../redis/connection';

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** 10 of 57 symbols: about 58 bits, unguessable within a link's half-hour life. */
export const SHORT_LINK_ID_LENGTH = 10;
export const shortLinkIdPattern = new RegExp(`^[${alphabet}]{${SHORT_LINK_ID_LENGTH}}$`);

function newId(): string {
  let id = '';
  for (let index = 0; index < SHORT_LINK_ID_LENGTH; index += 1) {
    id += alphabet[randomInt(alphabet.length)];
  }
  return id;
}

/**
 * Short, single-use links for SMS (`/s/<id>`): the id names a customer in Redis for the link's
 * life and nothing else, so the SMS fits one segment and a token is only made when the link is
 * opened in time. Taking it deletes it (GETDEL), so of two opens only the first gets anything.
 */
export class ShortLinks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}short-link:${id}`;
  }

  async create(customerId: string, ttlSeconds: number): Promise<string> {
    for (;;) {
      const id = newId();
      // NX: an id already in use (never in practice) is never overwritten.
      const stored = await this.redis.set(this.key(id), customerId, 'EX', ttlSeconds, 'NX');
      if (stored === 'OK') return id;
    }
  }

  /** The customer the link was made for, once; undefined when unknown, expired or already used. */
  async take(id: string): Promise<string | undefined> {
    if (!shortLinkIdPattern.test(id)) return undefined;
    const customerId = await this.redis.getdel(this.key(id));
    return customerId ?? undefined;
  }
}
