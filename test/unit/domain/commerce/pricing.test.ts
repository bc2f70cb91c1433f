import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import { priceCart } from '../../../../src/domain/commerce/pricing';
import type { CartItemInput, PriceCartInput } from '../../../../src/domain/commerce/pricing';
import type { AgentDiscount } from '../../../../src/domain/commerce/pricing-agent-discount';
import { AppError } from '../../../../src/domain/shared/errors';
import { ids, july15, newConsumer, stacy, telecomCatalog } from '../fixtures/telecom-catalog';

const snapshot = buildCatalogSnapshot(telecomCatalog());
const eur = (amount: number) => ({ amount, currency: 'EUR' });

function item(id: string, offeringId: string, extra: Partial<CartItemInput> = {}): CartItemInput {
  return { id, offeringId, action: 'add', quantity: 1, characteristics: {}, ...extra };
}

function price(items: CartItemInput[], extra: Partial<PriceCartInput> = {}) {
  return priceCart({
    items,
    channel: 'selfcare',
    customer: stacy(),
    now: july15,
    snapshot,
    ...extra,
  });
}

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const boost50WithAgentDiscount = (agentDiscount: AgentDiscount) =>
  item('i-boost', ids.dataBoost, { characteristics: { dataSize: 50 }, agentDiscount });

describe('pricing a cart', () => {
  it('prices Stacy self-care cart with the channel discount and the promotions, split into one-time and monthly', () => {
    const cart = price([item('i-summer', ids.summerDouble), item('i-boost', ids.dataBoost)]);
    const [summer, boost] = cart.lines;
    expect(
      summer?.alterations.map((adjustment) => [adjustment.name, adjustment.amount.amount]),
    ).toEqual([['Self-care exclusive 20% off', -100]]);
    expect(
      summer?.promotions.map((adjustment) => [adjustment.name, adjustment.amount.amount]),
    ).toEqual([['Summer SMS campaign: €1 off', -100]]);
    expect(summer?.line).toEqual({ oneTime: eur(0), recurring: eur(300) });
    expect(boost?.characteristics).toEqual({ dataSize: 20 });
    expect(boost?.line.recurring).toEqual(eur(599));
    expect(cart.totals).toEqual({ oneTime: eur(0), recurring: eur(899) });
    expect(cart.currency).toBe('EUR');
  });

  it('multiplies unit prices by quantity and splits the totals', () => {
    const cart = price(
      [
        item('i-plan', ids.unlimited30, { quantity: 2 }),
        item('i-pass', ids.roamWeek, { quantity: 3 }),
      ],
      {
        customer: newConsumer({ tenureMonths: 12 }),
        channel: 'voice',
      },
    );
    const [plan, pass] = cart.lines;
    expect(plan?.unit).toEqual({ oneTime: eur(1000), recurring: eur(2999) });
    expect(plan?.line).toEqual({ oneTime: eur(2000), recurring: eur(5998) });
    expect(
      plan?.charges.map((charge) => [charge.name, charge.unit.amount, charge.line.amount]),
    ).toEqual([
      ['Monthly fee', 2999, 5998],
      ['Activation fee', 1000, 2000],
    ]);
    // The per-MB rate is shown with the base prices but is never part of a total.
    expect(plan?.basePrices.map((base) => base.priceType)).toEqual([
      'recurring',
      'oneTime',
      'usage',
    ]);
    expect(pass?.line).toEqual({ oneTime: eur(2997), recurring: eur(0) });
    expect(cart.totals).toEqual({ oneTime: eur(4997), recurring: eur(5998) });
  });

  it('lists a deleted item without charging for it', () => {
    const cart = price([
      item('i-remove', ids.dataBoost, { action: 'delete' }),
      item('i-pass', ids.roamWeek),
    ]);
    const [removed] = cart.lines;
    expect(removed).toMatchObject({ action: 'delete', offeringName: 'Data Boost', charges: [] });
    expect(removed?.line).toEqual({ oneTime: eur(0), recurring: eur(0) });
    expect(cart.totals).toEqual({ oneTime: eur(999), recurring: eur(0) });
  });

  it('prices a modified item as its new configuration', () => {
    const cart = price(
      [item('i-boost', ids.dataBoost, { action: 'modify', characteristics: { dataSize: 50 } })],
      {
        channel: 'voice',
      },
    );
    expect(cart.totals.recurring).toEqual(eur(1499));
  });

  it('returns zero totals for an empty cart', () => {
    expect(price([]).totals).toEqual({ oneTime: eur(0), recurring: eur(0) });
  });
});

describe('validating cart items', () => {
  it('rejects a characteristic value the specification does not allow', () => {
    const error = failure(() =>
      price([item('i-boost', ids.dataBoost, { characteristics: { dataSize: 30 } })]),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toMatchObject({
      characteristic: 'dataSize',
      allowedValues: [10, 20, 50],
    });
  });

  it('rejects a zero or fractional quantity and repeated item ids', () => {
    expect(failure(() => price([item('i-1', ids.roamWeek, { quantity: 0 })])).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(failure(() => price([item('i-1', ids.roamWeek, { quantity: 1.5 })])).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      failure(() => price([item('i-1', ids.roamWeek), item('i-1', ids.dataBoost)])).message,
    ).toBe('Cart item i-1 appears more than once');
  });

  it('rejects an offering the catalog does not have', () => {
    expect(failure(() => price([item('i-1', 'po-unknown')])).code).toBe('NOT_FOUND');
  });
});

describe('agent discounts', () => {
  const onAgentChannel = { channel: 'agent' as const };

  it('applies a discount within the agent limit after promotions, and reports it on the line', () => {
    const cart = price(
      [boost50WithAgentDiscount({ kind: 'percent', value: 10, byRole: 'agent' })],
      onAgentChannel,
    );
    const [line] = cart.lines;
    // 10% of 1499 is 149.9: 150 off.
    expect(line?.agentDiscounts).toEqual([
      expect.objectContaining({
        source: 'agent',
        name: 'Agent discount (agent)',
        amount: eur(-150),
        chargeType: 'recurring',
      }),
    ]);
    expect(cart.totals.recurring).toEqual(eur(1349));
  });

  it('applies the agent discount to what is left after the campaign promotion', () => {
    const summer = item('i-summer', ids.summerDouble, {
      agentDiscount: { kind: 'percent', value: 10, byRole: 'agent' },
    });
    const [line] = price([summer], onAgentChannel).lines;
    expect(
      line?.charges[0]?.adjustments.map((adjustment) => [
        adjustment.source,
        adjustment.amount.amount,
      ]),
    ).toEqual([
      ['promotion', -100],
      ['agent', -40],
    ]);
    expect(line?.line.recurring).toEqual(eur(360));
  });

  it('refuses a discount above the role limit, with the limit in the error', () => {
    const error = failure(() =>
      price(
        [boost50WithAgentDiscount({ kind: 'percent', value: 15, byRole: 'agent' })],
        onAgentChannel,
      ),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('An agent may grant at most 10% off; 15% requested on item i-boost');
    expect(error.details).toMatchObject({
      role: 'agent',
      limitPercent: 10,
      requestedPercent: 15,
      itemId: 'i-boost',
    });
  });

  it('lets a supervisor grant up to 25%', () => {
    const cart = price(
      [boost50WithAgentDiscount({ kind: 'percent', value: 25, byRole: 'supervisor' })],
      onAgentChannel,
    );
    expect(cart.totals.recurring).toEqual(eur(1124));
    const error = failure(() =>
      price(
        [boost50WithAgentDiscount({ kind: 'percent', value: 30, byRole: 'supervisor' })],
        onAgentChannel,
      ),
    );
    expect(error.details).toMatchObject({ limitPercent: 25, requestedPercent: 30 });
  });

  it('measures a fixed-amount discount as a percent of the price it reduces', () => {
    const within = price(
      [boost50WithAgentDiscount({ kind: 'amount', value: 149, byRole: 'agent' })],
      onAgentChannel,
    );
    expect(within.totals.recurring).toEqual(eur(1350));
    // 150 of 1499 is 10.007%: just over the limit.
    const error = failure(() =>
      price(
        [boost50WithAgentDiscount({ kind: 'amount', value: 150, byRole: 'agent' })],
        onAgentChannel,
      ),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toMatchObject({ limitPercent: 10, requestedPercent: 10.01 });
  });

  it('uses the limits it is given instead of the defaults', () => {
    const discount = boost50WithAgentDiscount({ kind: 'percent', value: 10, byRole: 'agent' });
    const error = failure(() =>
      price([discount], { ...onAgentChannel, agentDiscountLimits: { agent: 5, supervisor: 15 } }),
    );
    expect(error.details).toMatchObject({ limitPercent: 5 });
  });

  it('refuses agent discounts outside the agent channel', () => {
    const error = failure(() =>
      price([boost50WithAgentDiscount({ kind: 'percent', value: 5, byRole: 'agent' })]),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      'Agent discounts can only be granted from the agent channel, not selfcare',
    );
  });

  it('refuses a discount on a charge the item does not have', () => {
    const discount = boost50WithAgentDiscount({
      kind: 'percent',
      value: 5,
      byRole: 'agent',
      appliesTo: 'oneTime',
    });
    const error = failure(() => price([discount], onAgentChannel));
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toBe('Item i-boost has no oneTime charge to discount');
  });

  it('refuses malformed discounts', () => {
    const malformed: AgentDiscount[] = [
      { kind: 'percent', value: 0, byRole: 'supervisor' },
      { kind: 'amount', value: 10.5, byRole: 'supervisor' },
      { kind: 'amount', value: 10, byRole: 'supervisor', appliesTo: 'all' },
    ];
    for (const discount of malformed) {
      expect(failure(() => price([boost50WithAgentDiscount(discount)], onAgentChannel)).code).toBe(
        'VALIDATION_FAILED',
      );
    }
  });
});
