import { checkAudience } from '../../../../src/domain/campaigns/audience';
import {
  audienceBuilderSchema,
  builderFromAudience,
  compileAudienceBuilder,
} from '../../../../src/domain/campaigns/audience-builder';
import type { AudienceBuilder } from '../../../../src/domain/campaigns/audience-builder';
import { compileAudience } from '../../../../src/domain/campaigns/audience-match';
import type { AudienceFacts } from '../../../../src/domain/campaigns/audience';

const facts = (overrides: Partial<AudienceFacts> = {}): AudienceFacts => ({
  customerId: 'c-1',
  segment: 'consumer',
  region: 'London',
  timezone: 'Europe/London',
  plan: ['po-plan-a'],
  subscription: ['po-plan-a', 'po-boost'],
  tenureMonths: 30,
  customerSince: new Date('2023-01-01T00:00:00Z'),
  consent: 'opted-in',
  lastInteractionDaysAgo: 10,
  campaignsReceived: ['cmp-old'],
  campaignsClicked: [],
  ...overrides,
});

const every: AudienceBuilder = {
  match: 'all',
  rules: [
    { field: 'segment', op: 'one-of', values: ['consumer'] },
    { field: 'plan', op: 'one-of', values: ['po-plan-a', 'po-plan-b'] },
    { field: 'subscription', op: 'none-of', values: ['po-roam'] },
    { field: 'tenure', op: 'at-least', months: 12 },
    { field: 'consent', op: 'is', value: 'opted-in' },
    { field: 'region', op: 'one-of', values: ['London'] },
    { field: 'timezone', op: 'none-of', values: ['Europe/Paris'] },
    { field: 'lastInteraction', op: 'within', days: 30 },
    { field: 'campaign', op: 'received-not-clicked', campaignId: 'cmp-old' },
    {
      match: 'any',
      rules: [
        { field: 'lastInteraction', op: 'not-within', days: 90 },
        { field: 'campaign', op: 'clicked', campaignId: 'cmp-old' },
        { field: 'plan', op: 'none', values: [] },
        { field: 'tenure', op: 'less-than', months: 40 },
      ],
    },
  ],
};

describe('the audience builder', () => {
  it('compiles every condition into the whitelisted vocabulary, and reads it back the same', () => {
    const audience = compileAudienceBuilder(every);
    expect('problem' in checkAudience(audience)).toBe(false);
    expect(JSON.stringify(audience)).not.toMatch(/\$regex|\$where|\$expr|mobile|email/);
    expect(builderFromAudience(audience)).toEqual(every);
  });

  it('selects the customers the conditions describe', () => {
    const { test } = compileAudience(compileAudienceBuilder(every));
    expect(test(facts())).toBe(true);
    expect(test(facts({ campaignsClicked: ['cmp-old'] }))).toBe(false);
    expect(test(facts({ plan: ['po-plan-c'] }))).toBe(false);
    expect(test(facts({ tenureMonths: 6 }))).toBe(false);
    expect(test(facts({ subscription: ['po-roam'] }))).toBe(false);
    // The sub-group: none of its four holds.
    expect(test(facts({ tenureMonths: 50 }))).toBe(false);
  });

  it('treats "not in the last N days" as longer ago or never', () => {
    const { test } = compileAudience(
      compileAudienceBuilder({
        match: 'all',
        rules: [{ field: 'lastInteraction', op: 'not-within', days: 30 }],
      }),
    );
    expect(test(facts({ lastInteractionDaysAgo: 45 }))).toBe(true);
    expect(test(facts({ lastInteractionDaysAgo: undefined }))).toBe(true);
    expect(test(facts({ lastInteractionDaysAgo: 3 }))).toBe(false);
  });

  it('keeps a simple builder exact for the customer base (no walk needed to count)', () => {
    const compiled = compileAudience(
      compileAudienceBuilder({
        match: 'all',
        rules: [
          { field: 'segment', op: 'one-of', values: ['business'] },
          { field: 'consent', op: 'is', value: 'opted-in' },
        ],
      }),
    );
    expect(compiled.exact).toBe(true);
    expect(compiled.criteria).toEqual({ segments: ['business'], smsMarketing: 'opted-in' });
  });

  it('compiles an empty builder to everyone', () => {
    expect(compileAudienceBuilder({ match: 'any', rules: [] })).toEqual({});
    expect(builderFromAudience({})).toEqual({ match: 'all', rules: [] });
  });

  it('refuses what the lists do not offer, saying what is missing', () => {
    const bad = [
      { match: 'all', rules: [{ field: 'mobile', op: 'one-of', values: ['+44'] }] },
      { match: 'all', rules: [{ field: 'segment', op: 'one-of', values: ['vip'] }] },
      { match: 'all', rules: [{ field: 'tenure', op: 'at-least', months: -1 }] },
      { match: 'all', rules: [{ field: 'region', op: 'matches', values: ['Lon.*'] }] },
      { match: 'all', rules: [{ field: 'region', op: 'one-of', values: [{ $regex: '.' }] }] },
      { match: 'all', rules: [{ match: 'any', rules: [{ match: 'all', rules: [] }] }] },
    ];
    for (const input of bad) expect(audienceBuilderSchema.safeParse(input).success).toBe(false);
    const empty = audienceBuilderSchema.safeParse({
      match: 'all',
      rules: [{ field: 'plan', op: 'one-of', values: [] }],
    });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe('Choose at least one plan');
  });

  it('reads the plain queries of the advanced view it can show, and leaves the rest to it', () => {
    expect(
      builderFromAudience({ segment: 'consumer', region: { $in: ['London', 'Leeds'] } }),
    ).toEqual({
      match: 'all',
      rules: [
        { field: 'segment', op: 'one-of', values: ['consumer'] },
        { field: 'region', op: 'one-of', values: ['London', 'Leeds'] },
      ],
    });
    expect(builderFromAudience({ customerId: 'c-1' })).toBeUndefined();
    expect(builderFromAudience({ tenureMonths: { $gt: 3 } })).toBeUndefined();
    expect(
      builderFromAudience({ $or: [{ $and: [{ $or: [{ segment: 'consumer' }] }] }] }),
    ).toBeUndefined();
  });
});
