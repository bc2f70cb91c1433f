import { addMoney, money, sumMoney } from '../../../../src/domain/shared/money';

describe('currency checks on every amount', () => {
  it('still refuses a malformed code right after a valid one was accepted', () => {
    expect(money(1, 'EUR')).toEqual({ amount: 1, currency: 'EUR' });
    expect(() => money(1, 'eur')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => money(1, undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => addMoney({ amount: 1, currency: 'EU' }, { amount: 1, currency: 'EU' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('sums with the checks of adding one amount at a time', () => {
    expect(sumMoney('EUR', [])).toEqual({ amount: 0, currency: 'EUR' });
    expect(sumMoney('EUR', [money(-5, 'EUR'), money(5, 'EUR')])).toEqual({
      amount: 0,
      currency: 'EUR',
    });
    expect(() => sumMoney('eur', [])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => sumMoney('EUR', [money(1, 'EUR'), money(1, 'GBP')])).toThrow(
      'Cannot combine EUR with GBP amounts',
    );
    expect(() => sumMoney('EUR', [money(Number.MAX_SAFE_INTEGER, 'EUR'), money(1, 'EUR')])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => sumMoney('EUR', [{ amount: 1.5, currency: 'EUR' }])).toThrow(
      'Money amount must be an integer of minor units, got 1.5',
    );
  });
});
