import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import type { CustomerContext } from '../../../../src/domain/catalog/customer-context';
import {
  compileEligibility,
  eligibilityRuleSchema,
} from '../../../../src/domain/catalog/eligibility';
import type { Channel } from '../../../../src/domain/shared/channel';
import {
  ids,
  july15,
  loyaltyCampaign,
  newConsumer,
  stacy,
  telecomCatalog,
} from '../fixtures/telecom-catalog';

const snapshot = buildCatalogSnapshot(telecomCatalog());

function isIneligible(
  offeringId: string,
  customer: CustomerContext,
  channel: Channel = 'agent',
  campaignId?: string,
) {
  const decision = snapshot.offerFor(offeringId, {
    channel,
    customer,
    now: july15,
    ...(campaignId === undefined ? {} : { campaignId }),
  });
  return !decision.offered && decision.whyNot.some((reason) => reason.code === 'ineligible');
}

describe('eligibility rules evaluated over the customer context', () => {
  it('segment: business plans for business customers, consumer plans for consumers', () => {
    const business = newConsumer({ segment: 'business' });
    expect(isIneligible(ids.business100, business)).toBe(false);
    expect(isIneligible(ids.business100, newConsumer())).toBe(true);
    expect(isIneligible(ids.unlimited30, business)).toBe(true);
    expect(isIneligible(ids.unlimited30, newConsumer())).toBe(false);
  });

  it('tenure: the week pass needs at least 3 months', () => {
    expect(isIneligible(ids.roamWeek, stacy({ tenureMonths: 2 }))).toBe(true);
    expect(isIneligible(ids.roamWeek, stacy({ tenureMonths: 3 }))).toBe(false);
  });

  it('region: the week pass is for EU customers', () => {
    expect(isIneligible(ids.roamWeek, stacy({ region: 'US' }))).toBe(true);
    expect(isIneligible(ids.roamWeek, stacy({ region: 'FR' }))).toBe(false);
  });

  it('campaign: the loyalty bonus needs the loyalty campaign, from the profile or the session', () => {
    expect(isIneligible(ids.loyaltyBonus, stacy())).toBe(true);
    expect(isIneligible(ids.loyaltyBonus, stacy({ campaignIds: [loyaltyCampaign] }))).toBe(false);
    expect(isIneligible(ids.loyaltyBonus, stacy(), 'selfcare', loyaltyCampaign)).toBe(false);
    expect(
      isIneligible(ids.loyaltyBonus, stacy({ campaignIds: [loyaltyCampaign], tenureMonths: 23 })),
    ).toBe(true);
  });

  it('plan: a rule on the current plan matches array membership', () => {
    const check = compileEligibility('po-plan-upgrade', '1.0', {
      currentPlanIds: { $in: [ids.unlimited30] },
    });
    expect(check?.test(stacy())).toBe(true);
    expect(check?.test(newConsumer({ currentPlanIds: [ids.business100] }))).toBe(false);
  });

  it('explains an ineligibility in plain language', () => {
    const decision = snapshot.offerFor(ids.roamWeek, {
      channel: 'agent',
      customer: stacy({ region: 'US' }),
      now: july15,
    });
    expect(decision.offered === false && decision.whyNot).toEqual([
      {
        code: 'ineligible',
        message:
          'The customer is not eligible for "Roam Like Home Week Pass": for EU customers with at least 3 months of tenure',
      },
    ]);
  });
});

describe('compiling eligibility rules', () => {
  it('admits everyone with an empty rule, without a query', () => {
    expect(compileEligibility('po-open', '1.0', {})).toBeUndefined();
  });

  it('compiles once per offering id and version', () => {
    const first = compileEligibility('po-cache', '1.0', { segment: 'consumer' });
    expect(compileEligibility('po-cache', '1.0', { segment: 'consumer' })).toBe(first);
  });

  it('recompiles when the rule changed without a version bump, instead of serving a stale rule', () => {
    compileEligibility('po-edited', '1.0', { segment: 'consumer' });
    const edited = compileEligibility('po-edited', '1.0', { segment: 'business' });
    expect(edited?.test(newConsumer({ segment: 'business' }))).toBe(true);
    expect(edited?.test(newConsumer())).toBe(false);
  });

  it('shares one compiled check between offerings with identical rules', () => {
    const rule = { region: 'IE', tenureMonths: { $gte: 12 } };
    expect(compileEligibility('po-a', '1.0', rule)).toBe(
      compileEligibility('po-b', '7', { ...rule }),
    );
  });

  it('rejects operators that would run code, and unknown operators', () => {
    expect(() =>
      compileEligibility('po-bad', '1.0', { $where: 'this.segment === "consumer"' }),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: 'Eligibility rules may not use $where',
      }),
    );
    expect(eligibilityRuleSchema.safeParse({ $or: [{ $where: 'true' }] }).success).toBe(false);
    expect(eligibilityRuleSchema.safeParse({ tenureMonths: { $atLeast: 3 } }).success).toBe(false);
    expect(eligibilityRuleSchema.safeParse({ tenureMonths: { $gte: 3 } }).success).toBe(true);
  });
});
