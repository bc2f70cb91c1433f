import {
  addMoney,
  fromMajorUnits,
  minorUnitDigits,
  money,
  multiplyMoney,
  negateMoney,
  percentOf,
  subtractMoney,
  sumMoney,
  toMajorUnits,
} from '../../../../src/domain/shared/money';

const eur = (amount: number) => money(amount, 'EUR');

describe('money in integer minor units', () => {
  it('adds, subtracts and sums exactly', () => {
    expect(addMoney(eur(2999), eur(799))).toEqual(eur(3798));
    expect(subtractMoney(eur(500), eur(100))).toEqual(eur(400));
    expect(sumMoney('EUR', [eur(10), eur(20), eur(30)])).toEqual(eur(60));
    expect(sumMoney('EUR', [])).toEqual(eur(0));
    expect(multiplyMoney(eur(999), 2)).toEqual(eur(1998));
    expect(negateMoney(eur(100))).toEqual(eur(-100));
  });

  it('never mixes currencies', () => {
    expect(() => addMoney(eur(100), money(100, 'GBP'))).toThrow(
      expect.objectContaining({
        code: 'UNPROCESSABLE',
        message: 'Cannot combine EUR with GBP amounts',
      }),
    );
    expect(() => subtractMoney(money(1, 'USD'), eur(1))).toThrow(
      expect.objectContaining({ code: 'UNPROCESSABLE' }),
    );
    expect(() => sumMoney('EUR', [eur(1), money(1, 'GBP')])).toThrow(
      expect.objectContaining({ code: 'UNPROCESSABLE' }),
    );
  });

  it('refuses fractional minor units and malformed currency codes', () => {
    expect(() => money(29.99, 'EUR')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => money(100, 'eur')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => multiplyMoney(eur(100), 1.5)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('percentOf rounds half away from zero', () => {
  it.each([
    [799, 25, 200], // 199.75
    [999, 50, 500], // 499.5: a half rounds up
    [2999, 20, 600], // 599.8
    [1001, 10, 100], // 100.1
    [5, 10, 1], // 0.5
    [4, 10, 0], // 0.4
    [1499, 12.5, 187], // 187.375
    [2999, 33.3333, 1000], // 999.66...
  ])('%i × %d %% = %i', (amount, percent, expected) => {
    expect(percentOf(eur(amount), percent)).toEqual(eur(expected));
  });

  it('is symmetric for negative amounts', () => {
    expect(percentOf(eur(-999), 50)).toEqual(eur(-500));
    expect(percentOf(eur(-4), 10)).toEqual(eur(0));
  });

  it('stays exact beyond the safe-integer range of the intermediate product', () => {
    // 9e12 × 12.3456 % would lose precision in a double once scaled to integers.
    expect(percentOf(eur(9_000_000_000_001), 12.3456)).toEqual(eur(1_111_104_000_000));
  });

  it('refuses percentages finer than four decimals', () => {
    expect(() => percentOf(eur(100), 1.00001)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => percentOf(eur(100), Number.NaN)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('decimal amounts at the edges', () => {
  it('knows how many minor digits a currency has', () => {
    expect([minorUnitDigits('EUR'), minorUnitDigits('JPY'), minorUnitDigits('KWD')]).toEqual([
      2, 0, 3,
    ]);
  });

  it('converts decimal values to minor units without floating-point drift', () => {
    expect(fromMajorUnits(29.99, 'EUR')).toEqual(eur(2999));
    expect(fromMajorUnits(0.07, 'EUR')).toEqual(eur(7));
    expect(fromMajorUnits(1500, 'JPY')).toEqual(money(1500, 'JPY'));
    expect(fromMajorUnits(1.234, 'KWD')).toEqual(money(1234, 'KWD'));
    expect(toMajorUnits(eur(2999))).toBe(29.99);
  });

  it('refuses a value more precise than its currency', () => {
    expect(() => fromMajorUnits(29.999, 'EUR')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => fromMajorUnits(10.5, 'JPY')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
