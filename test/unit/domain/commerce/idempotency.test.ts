import { checkoutKeyOf, idempotencyKeySchema } from '../../../../src/domain/commerce/idempotency';

describe('checkout keys', () => {
  const base = { customerId: 'cust-stacy', cartId: 'cart_1', cartVersion: 4 };

  it('makes the same key for the same client key and customer, whatever the cart version', () => {
    const a = checkoutKeyOf({ ...base, idempotencyKey: 'selfcare-7f3a9c21' });
    const b = checkoutKeyOf({ ...base, cartVersion: 5, idempotencyKey: 'selfcare-7f3a9c21' });
    expect(a).toBe(b);
    expect(a).toMatch(/^key:[0-9a-f]{64}$/);
  });

  it('scopes client keys to the customer, so two customers never share an order', () => {
    expect(checkoutKeyOf({ ...base, idempotencyKey: 'retry-000001' })).not.toBe(
      checkoutKeyOf({ ...base, customerId: 'cust-other', idempotencyKey: 'retry-000001' }),
    );
  });

  it('falls back to the cart version without a client key', () => {
    expect(checkoutKeyOf(base)).toBe('cart:cart_1:v4');
    expect(checkoutKeyOf({ ...base, cartVersion: 5 })).not.toBe(checkoutKeyOf(base));
  });

  it('accepts printable keys of 8 to 255 characters only', () => {
    expect(idempotencyKeySchema.safeParse('3f1c9d2e-aa41-4b7e-9a0f-2c5e1d7b8a90').success).toBe(
      true,
    );
    expect(idempotencyKeySchema.safeParse('short').success).toBe(false);
    expect(idempotencyKeySchema.safeParse('has spaces in it').success).toBe(false);
    expect(idempotencyKeySchema.safeParse('x'.repeat(256)).success).toBe(false);
  });
});
