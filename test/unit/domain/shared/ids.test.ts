import { newId } from '../../../../src/domain/shared/ids';

describe('newId', () => {
  it('has the prefix, a time part and 16 random characters from the unambiguous alphabet', () => {
    expect(newId('cart')).toMatch(/^cart_[0-9a-v]{9}[0-9a-hjkmnp-tv-z]{16}$/);
  });

  it('never repeats, also across refills of the randomness pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId('po'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts by creation time across milliseconds', async () => {
    const first = newId('cust');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newId('cust');
    expect(first.slice(0, 14) < second.slice(0, 14)).toBe(true);
  });
});
