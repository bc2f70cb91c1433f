import { customerContextSchema } from '../../../../src/domain/catalog/customer-context';
import type { Customer } from '../../../../src/domain/customers/customer';
import {
  anonymousContext,
  buildCustomerContext,
} from '../../../../src/domain/customers/customer-context-builder';

function stacy(overrides: Partial<Customer> = {}): Customer {
  const since = new Date('2021-03-14T10:22:00Z');
  return {
    id: 'cust-stacy-moreno',
    name: { given: 'Stacy', family: 'Moreno' },
    status: 'active',
    segment: 'consumer',
    language: 'en-GB',
    timezone: 'Europe/London',
    region: 'GB',
    mobile: '+447700900123',
    customerSince: since,
    subscriptions: [
      {
        id: 'sub-1',
        offeringId: 'po-plan-unlimited-30gb',
        offeringName: 'Unlimited Talk & Text 30 GB',
        isPlan: true,
        status: 'active',
        characteristics: {},
        startDate: since,
      },
      {
        id: 'sub-2',
        offeringId: 'po-data-boost',
        offeringName: 'Data Boost',
        isPlan: false,
        status: 'suspended',
        characteristics: { dataSize: 10 },
        startDate: since,
      },
      {
        id: 'sub-3',
        offeringId: 'po-plan-unlimited-10gb-2019',
        offeringName: 'Unlimited 10 GB (2019)',
        isPlan: true,
        status: 'terminated',
        characteristics: {},
        startDate: new Date('2019-01-01T00:00:00Z'),
        endDate: since,
      },
    ],
    consent: { history: [] },
    identities: [],
    createdAt: since,
    lastUpdate: since,
    version: 1,
    ...overrides,
  };
}

describe('customer context for eligibility', () => {
  const now = new Date('2025-06-20T12:00:00Z');

  it('describes the customer the way eligibility rules read it', () => {
    const context = buildCustomerContext(stacy(), ['cmp-summer-2025', 'cmp-summer-2025'], now);
    expect(context).toEqual({
      customerId: 'cust-stacy-moreno',
      segment: 'consumer',
      currentPlanIds: ['po-plan-unlimited-30gb'],
      subscriptionOfferingIds: ['po-plan-unlimited-30gb', 'po-data-boost'],
      tenureMonths: 51,
      region: 'GB',
      campaignIds: ['cmp-summer-2025'],
      language: 'en-GB',
    });
    expect(customerContextSchema.safeParse(context).success).toBe(true);
  });

  it('leaves terminated products out: a former plan is not a current plan', () => {
    const context = buildCustomerContext(stacy(), [], now);
    expect(context.currentPlanIds).not.toContain('po-plan-unlimited-10gb-2019');
    expect(context.subscriptionOfferingIds).not.toContain('po-plan-unlimited-10gb-2019');
  });

  it('gives a business customer the business segment', () => {
    const context = buildCustomerContext(stacy({ segment: 'business', region: 'IE' }), [], now);
    expect(context.segment).toBe('business');
    expect(context.region).toBe('IE');
  });

  it('treats a visitor as a brand-new consumer with the deployment defaults', () => {
    const context = anonymousContext(['cmp-summer-2025'], { region: 'GB', language: 'en-GB' });
    expect(context).toEqual({
      segment: 'consumer',
      currentPlanIds: [],
      subscriptionOfferingIds: [],
      tenureMonths: 0,
      region: 'GB',
      campaignIds: ['cmp-summer-2025'],
      language: 'en-GB',
    });
    expect(customerContextSchema.safeParse(context).success).toBe(true);
  });
});
