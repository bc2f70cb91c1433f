import type { IdentityChannel } from './customer';

/**
 * One string per (channel, handle), so a single-field unique multikey index guarantees that a
 * handle belongs to at most one customer. A compound index over two fields of the same array would
 * also pair one identity's channel with another identity's handle on some servers.
 */
export function identityKey(channel: IdentityChannel, handle: string): string {
  return `${channel}:${handle}`;
}

/**
 * Every customer's keys start with her own id: MongoDB indexes an empty array as one `undefined`
 * key, which a unique index would allow to only one customer.
 */
export function ownKey(customerId: string): string {
  return `customer:${customerId}`;
}
