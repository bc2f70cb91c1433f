import { createHash } from 'node:crypto';
import { z } from 'zod';

/** An `Idempotency-Key` as clients send it: printable ASCII, long enough not to collide by accident. */
export const idempotencyKeySchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export interface CheckoutIdentity {
  customerId: string;
  cartId: string;
  cartVersion: number;
  idempotencyKey?: string;
}

/**
 * The unique key of one checkout. With a client key it is scoped to the customer (hashed, so two
 * customers' clients may pick the same key and neither can find the other's order by guessing);
 * without one, checking out the same cart version twice is the same checkout.
 */
export function checkoutKeyOf(identity: CheckoutIdentity): string {
  if (identity.idempotencyKey !== undefined) {
    const digest = createHash('sha256')
      .update(identity.customerId)
      .update('\u0000')
      .update(identity.idempotencyKey)
      .digest('hex');
    return `key:${digest}`;
  }
  return `cart:${identity.cartId}:v${identity.cartVersion}`;
}
