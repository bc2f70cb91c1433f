import { applyDiscounts, chargesOf } from '../../../../src/domain/catalog/price-calculation';
import type { BasePrice, Discount } from '../../../../src/domain/catalog/price-calculation';
import type { DiscountTerms } from '../../../../src/domain/catalog/discount';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

const planPrices: BasePrice[] = [
  {
    priceId: 'monthly',
    name: 'Monthly fee',
    priceType: 'recurring',
    recurringChargePeriodType: 'month',
    amount: eur(2999),
  },
  { priceId: 'activation', name: 'Activation fee', priceType: 'oneTime', amount: eur(1000) },
  {
    priceId: 'per-mb',
    name: 'Out-of-bundle data',
    priceType: 'usage',
    unitOfMeasure: { amount: 1, units: 'MB' },
    amount: eur(2),
  },
];

const discount = (sourceId: string, terms: DiscountTerms): Discount => ({
  source: 'promotion',
  sourceId,
  name: sourceId,
  terms,
});

const amounts = (discounts: Discount[]) =>
  applyDiscounts(chargesOf(planPrices), discounts).map((charge) => charge.amount.amount);

describe('applying discounts to charges', () => {
  it('turns one-time and recurring prices into charges and leaves usage rates out', () => {
    expect(chargesOf(planPrices).map((charge) => charge.chargeType)).toEqual([
      'recurring',
      'oneTime',
    ]);
  });

  it('applies each discount only to the charge type it targets', () => {
    expect(
      amounts([discount('recurring-10', { kind: 'percent', value: 10, appliesTo: 'recurring' })]),
    ).toEqual([2699, 1000]);
    expect(
      amounts([discount('one-time-fee', { kind: 'amount', value: 1000, appliesTo: 'oneTime' })]),
    ).toEqual([2999, 0]);
    expect(amounts([discount('all-50', { kind: 'percent', value: 50, appliesTo: 'all' })])).toEqual(
      [1499, 500],
    );
  });

  it('applies discounts one after the other on what is left: two 10% make 19%', () => {
    const tenPercent = { kind: 'percent', value: 10, appliesTo: 'recurring' } as const;
    expect(amounts([discount('a', tenPercent), discount('b', tenPercent)])).toEqual([2429, 1000]);
  });

  it('never takes a charge below zero', () => {
    const charges = applyDiscounts(chargesOf(planPrices), [
      discount('big', { kind: 'amount', value: 5000, appliesTo: 'recurring' }),
      discount('more', { kind: 'percent', value: 10, appliesTo: 'recurring' }),
    ]);
    expect(charges[0]?.amount).toEqual(eur(0));
    // The second discount had nothing left to take, so it is not listed.
    expect(
      charges[0]?.adjustments.map((adjustment) => [adjustment.sourceId, adjustment.amount.amount]),
    ).toEqual([['big', -2999]]);
  });
});
