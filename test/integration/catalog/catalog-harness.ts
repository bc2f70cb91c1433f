import type { CustomerContext } from '../../../src/domain/catalog/customer-context';
import type { CustomerContextSource } from '../../../src/domain/commerce/ports';
import type { Clock } from '../../../src/domain/shared/clock';
import { AppError } from '../../../src/domain/shared/errors';
import type { PartyRef } from '../../../src/domain/shared/party';
import { createCatalogFeature } from '../../../src/features/catalog';
import type { CatalogFeature } from '../../../src/features/catalog';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

export const secrets = {
  catalogManager: 'catalog-tool-7f3a9c1e5b2d',
  agent: 'assist-panel-4e8b2a6c9d1f',
  admin: 'ops-console-2c5e8a1f7b3d',
};

const apiKeys = [
  `catalog-tool:catalog-manager:${secrets.catalogManager}`,
  `assist-panel:agent:${secrets.agent}`,
  `ops-console:admin:${secrets.admin}`,
].join(',');

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** The journey's customer as the customers context would describe her: GB, on the 30 GB plan, reached by the campaign. */
export function stacyContext(overrides: Partial<CustomerContext> = {}): CustomerContext {
  return {
    customerId: 'cust-stacy',
    segment: 'consumer',
    currentPlanIds: ['po-plan-unlimited-30gb'],
    subscriptionOfferingIds: ['po-plan-unlimited-30gb'],
    tenureMonths: 26,
    region: 'GB',
    campaignIds: ['cmp-summer-data-double'],
    language: 'en-GB',
    ...overrides,
  };
}

export function visitorContext(): CustomerContext {
  return {
    segment: 'consumer',
    currentPlanIds: [],
    subscriptionOfferingIds: [],
    tenureMonths: 0,
    region: 'GB',
    campaignIds: [],
    language: 'en-GB',
  };
}

/** A real implementation of the domain port over a fixed set of customers (the real one lives in customers). */
export class KnownCustomerContexts implements CustomerContextSource {
  readonly asked: PartyRef[] = [];

  constructor(private readonly customers: Record<string, CustomerContext>) {}

  async contextFor(party: PartyRef): Promise<CustomerContext> {
    this.asked.push(party);
    if (party.visitorId !== undefined) return visitorContext();
    const customer = this.customers[party.customerId];
    if (!customer) throw new AppError('NOT_FOUND', `No customer ${party.customerId}`);
    return customer;
  }
}

export interface CatalogTestRuntime {
  runtime: TestRuntime;
  feature: CatalogFeature;
  contexts: KnownCustomerContexts;
}

export async function startCatalogRuntime(
  options: { mongoUri?: string; clock?: Clock } = {},
): Promise<CatalogTestRuntime> {
  const contexts = new KnownCustomerContexts({ 'cust-stacy': stacyContext() });
  const feature = createCatalogFeature({
    customerContexts: contexts,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const runtime = await startTestRuntime({
    env: { API_KEYS: apiKeys },
    ...(options.mongoUri ? { mongoUri: options.mongoUri } : {}),
    configure: (context) => feature.configure(context),
    configureApp: (context) => feature.configureApp(context),
  });
  return { runtime, feature, contexts };
}

/** Minimal valid bodies, as a catalog manager would POST them (GBP, TMF money). */
export const bodies = {
  specification: (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    name: 'Mobile plan',
    lifecycleStatus: 'Launched',
    productSpecCharacteristic: [
      {
        name: 'network',
        valueType: 'string',
        configurable: false,
        productSpecCharacteristicValue: [{ value: '5G', isDefault: true }],
      },
    ],
    ...extra,
  }),
  monthlyPrice: (id: string, value: number, extra: Record<string, unknown> = {}) => ({
    id,
    name: 'Monthly fee',
    lifecycleStatus: 'Launched',
    priceType: 'recurring',
    recurringChargePeriodType: 'month',
    price: { taxIncludedAmount: { unit: 'GBP', value }, taxRate: 20 },
    ...extra,
  }),
  offering: (id: string, name: string, extra: Record<string, unknown> = {}) => ({
    id,
    name,
    lifecycleStatus: 'Launched',
    channelRules: {
      sellableOn: ['webchat', 'selfcare', 'agent'],
      visibleOn: ['sms', 'webchat', 'selfcare', 'agent'],
      priceAlterations: [],
    },
    ...extra,
  }),
};
