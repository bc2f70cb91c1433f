import { checkAudience } from '../../../../src/domain/campaigns/audience';
import type { AudienceFacts } from '../../../../src/domain/campaigns/audience';
import { compileAudience } from '../../../../src/domain/campaigns/audience-match';

const problem = (input: unknown) => {
  const result = checkAudience(input);
  return 'problem' in result ? result.problem : undefined;
};

const stacy: AudienceFacts = {
  customerId: 'cust-stacy',
  segment: 'consumer',
  region: 'GB-LND',
  timezone: 'Europe/London',
  plan: ['po-unlimited'],
  subscription: ['po-unlimited', 'po-roaming'],
  tenureMonths: 30,
  customerSince: new Date('2023-06-01T00:00:00Z'),
  consent: 'opted-in',
  lastInteractionDaysAgo: 12,
  campaignsReceived: ['cmp-spring'],
  campaignsClicked: [],
};

const matches = (audience: Record<string, unknown>, facts: AudienceFacts = stacy) => {
  const checked = checkAudience(audience);
  if ('problem' in checked) throw new Error(checked.problem);
  return compileAudience(checked.audience).test(facts);
};

describe('audience vocabulary', () => {
  it('names contact data and text or code operators as not allowed', () => {
    expect(problem({ mobile: { $regex: '^\\+44770090' } })).toMatch(/may not use mobile/);
    expect(problem({ 'name.given': 'Stacy' })).toMatch(/may not use name\.given/);
    expect(problem({ customerId: { $regex: '^cust-' } })).toMatch(/\$regex is not allowed/);
    expect(problem({ $where: 'sleep(1)' })).toMatch(/\$where is not allowed/);
    expect(problem({ $expr: { $eq: ['$a', '$b'] } })).toMatch(/\$expr is not allowed/);
    expect(problem({ segment: { $function: {} } })).toMatch(/\$function is not allowed/);
    expect(problem({ $lookup: { from: 'customers' } })).toMatch(/\$lookup is not allowed/);
    expect(problem({ $or: [{ region: 'GB' }, { email: { $exists: true } }] })).toMatch(/email/);
  });

  it('says which value has the wrong type instead of failing later', () => {
    expect(problem({ customerSince: true })).toMatch(/customerSince needs a comparison/);
    expect(problem({ customerSince: { $gte: true } })).toMatch(/a date like/);
    expect(problem({ customerSince: { $gte: '2099-13-45' } })).toMatch(/a date like/);
    expect(problem({ customerSince: { $lt: '2025-02-30' } })).toMatch(/a date like/);
    expect(problem({ customerSince: {} })).toMatch(/customerSince needs a comparison|empty/);
    expect(problem({ segment: {} })).toMatch(/segment needs one of/);
    expect(problem({ segment: 'gold' })).toMatch(/segment needs one of consumer, business/);
    expect(problem({ tenureMonths: { $gte: '3' } })).toMatch(/tenureMonths needs a number/);
    expect(problem({ region: { $in: [] } })).toMatch(/list of 1/);
  });

  it('bounds nesting depth and size', () => {
    let deep: Record<string, unknown> = { region: 'GB' };
    for (let level = 0; level < 10; level++) deep = { $and: [deep] };
    expect(problem(deep)).toMatch(/nested at most/);
    const wide = { $or: Array.from({ length: 200 }, (_, index) => ({ region: `R${index}` })) };
    expect(problem(wide)).toMatch(/at most 100 conditions/);
  });

  it('keeps the older spellings, stored under the field they mean', () => {
    expect(checkAudience({ _id: 'cust-1', 'subscriptions.offeringId': 'po-x' })).toEqual({
      audience: { customerId: 'cust-1', subscription: 'po-x' },
    });
  });

  it('tests every condition kind, with AND / OR / NOR groups', () => {
    expect(matches({ segment: 'consumer', plan: 'po-unlimited' })).toBe(true);
    expect(matches({ plan: 'po-roaming' })).toBe(false);
    expect(matches({ subscription: { $in: ['po-roaming', 'po-x'] } })).toBe(true);
    expect(matches({ tenureMonths: { $gte: 24, $lt: 36 } })).toBe(true);
    expect(matches({ customerSince: { $lt: '2023-01-01' } })).toBe(false);
    expect(matches({ consent: 'opted-in', timezone: 'Europe/London' })).toBe(true);
    expect(matches({ lastInteractionDaysAgo: { $lte: 30 } })).toBe(true);
    expect(matches({ lastInteractionDaysAgo: { $exists: false } })).toBe(false);
    expect(
      matches({ campaignsReceived: 'cmp-spring', campaignsClicked: { $ne: 'cmp-spring' } }),
    ).toBe(true);
    expect(matches({ $or: [{ region: 'GB-MAN' }, { tenureMonths: { $gt: 24 } }] })).toBe(true);
    expect(matches({ $nor: [{ region: 'GB-LND' }] })).toBe(false);
    const never = { ...stacy, lastInteractionDaysAgo: undefined } as unknown as AudienceFacts;
    delete (never as Partial<AudienceFacts>).lastInteractionDaysAgo;
    expect(matches({ lastInteractionDaysAgo: { $exists: false } }, never)).toBe(true);
    expect(matches({ lastInteractionDaysAgo: { $gt: 90 } }, never)).toBe(false);
  });

  it('asks the customer base for a superset, and says when it is exact', () => {
    const exact = compileAudience({ segment: 'consumer', region: { $in: ['GB-LND', 'GB-MAN'] } });
    expect(exact.exact).toBe(true);
    expect(exact.criteria).toEqual({ segments: ['consumer'], regions: ['GB-LND', 'GB-MAN'] });
    const mixed = compileAudience({ region: 'GB-LND', $or: [{ plan: 'a' }, { plan: 'b' }] });
    expect(mixed.exact).toBe(false);
    expect(mixed.criteria).toEqual({ regions: ['GB-LND'] });
    expect(compileAudience({ lastInteractionDaysAgo: { $lte: 3 } }).needsInteractions).toBe(true);
  });
});
