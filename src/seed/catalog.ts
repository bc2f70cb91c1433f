/**
 * The catalog a fresh installation starts with: a UK mobile operator in GBP around the seed
 * document's journey. Stacy holds "Unlimited Talk & Text 30 GB" (the customer seed refers to
 * `po-plan-unlimited-30gb`) and receives the "Summer Data Double" SMS campaign
 * (`cmp-summer-data-double`), which is cheaper in self-care.
 *
 * Bodies are written as a catalog manager would POST them (TMF money as `{ unit, value }`), and go
 * through CatalogService, so the seed obeys exactly the rules the API enforces.
 */
import type {
  CatalogResource,
  CatalogResourceStore,
  CatalogService,
} from '../domain/catalog/persistence';
import { channels } from '../domain/shared/channel';
import type { Channel } from '../domain/shared/channel';
import { systemClock } from '../domain/shared/clock';
import type { Clock } from '../domain/shared/clock';
import { isAppError } from '../domain/shared/errors';

export const catalogSeedIds = {
  essential5: 'po-plan-essential-5gb',
  unlimited30: 'po-plan-unlimited-30gb',
  unlimitedMax: 'po-plan-unlimited-max',
  business100: 'po-plan-business-100gb',
  legacy10: 'po-plan-unlimited-10gb-2019',
  dataBoost: 'po-data-boost',
  roamEurope: 'po-roam-europe-week',
  familyBundle: 'po-family-bundle',
  summerDataDouble: 'po-summer-data-double',
  summerCampaignPromotion: 'promo-summer-data-double-campaign',
} as const;

export const summerDataDoubleCampaignId = 'cmp-summer-data-double';

const everywhere: Channel[] = [...channels];
const plans = [
  catalogSeedIds.essential5,
  catalogSeedIds.unlimited30,
  catalogSeedIds.unlimitedMax,
  catalogSeedIds.business100,
  catalogSeedIds.legacy10,
];
const gbp = (value: number) => ({ unit: 'GBP', value });
/** UK VAT: prices are shown VAT-inclusive to consumers. */
const vat = 20;

function monthly(id: string, name: string, value: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    name,
    lifecycleStatus: 'Launched',
    priceType: 'recurring',
    recurringChargePeriodType: 'month',
    price: { taxIncludedAmount: gbp(value), taxRate: vat },
    ...extra,
  };
}

function oneTime(id: string, name: string, value: number) {
  return {
    id,
    name,
    lifecycleStatus: 'Launched',
    priceType: 'oneTime',
    price: { taxIncludedAmount: gbp(value), taxRate: vat },
  };
}

function perDataSize(size: number) {
  return {
    prodSpecCharValueUse: [{ name: 'dataSize', productSpecCharacteristicValue: [{ value: size }] }],
  };
}

/** The campaign runs from the start of the month the catalog is seeded in, for four months. */
export function summerCampaignWindow(now: Date): { startDateTime: string; endDateTime: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 4, 1));
  return { startDateTime: start.toISOString(), endDateTime: end.toISOString() };
}

const specifications = [
  {
    id: 'ps-mobile-plan',
    name: 'Mobile plan',
    description: 'SIM-only plan with unlimited UK calls and texts.',
    lifecycleStatus: 'Launched',
    productSpecCharacteristic: [
      {
        name: 'network',
        valueType: 'string',
        configurable: false,
        productSpecCharacteristicValue: [{ value: '5G', isDefault: true }],
      },
    ],
  },
  {
    id: 'ps-data-boost',
    name: 'Data add-on',
    description: 'Extra monthly data on top of a plan.',
    lifecycleStatus: 'Launched',
    productSpecCharacteristic: [
      {
        name: 'dataSize',
        description: 'Extra data every month',
        valueType: 'integer',
        configurable: true,
        productSpecCharacteristicValue: [
          { value: 5, isDefault: true, unitOfMeasure: 'GB' },
          { value: 10, unitOfMeasure: 'GB' },
          { value: 20, unitOfMeasure: 'GB' },
        ],
      },
      {
        name: 'startDate',
        description: 'When the add-on starts',
        valueType: 'string',
        configurable: true,
        productSpecCharacteristicValue: [
          { value: 'immediately', isDefault: true },
          { value: 'next-billing-cycle' },
        ],
      },
    ],
  },
  {
    id: 'ps-roaming-pass',
    name: 'Roaming pass',
    lifecycleStatus: 'Launched',
    productSpecCharacteristic: [
      {
        name: 'zone',
        valueType: 'string',
        configurable: false,
        productSpecCharacteristicValue: [{ value: 'Europe', isDefault: true }],
      },
      {
        name: 'validityDays',
        valueType: 'integer',
        configurable: false,
        productSpecCharacteristicValue: [{ value: 7, isDefault: true, unitOfMeasure: 'day' }],
      },
    ],
  },
];

function prices(now: Date) {
  return [
    monthly('pop-essential-5gb-monthly', 'Monthly fee', 10),
    monthly('pop-unlimited-30gb-monthly', 'Monthly fee', 18),
    {
      id: 'pop-unlimited-30gb-out-of-bundle',
      name: 'Out-of-bundle data',
      lifecycleStatus: 'Launched',
      priceType: 'usage',
      unitOfMeasure: { amount: 1, units: 'MB' },
      price: { taxIncludedAmount: gbp(0.01), taxRate: vat },
    },
    monthly('pop-unlimited-max-monthly', 'Monthly fee', 30),
    oneTime('pop-unlimited-max-connection', 'Connection fee', 10),
    monthly('pop-business-100gb-monthly', 'Monthly fee', 33.6),
    monthly('pop-unlimited-10gb-2019-monthly', 'Monthly fee', 15, { lifecycleStatus: 'Retired' }),
    monthly('pop-data-boost-5gb', 'Data Boost 5 GB', 3, perDataSize(5)),
    monthly('pop-data-boost-10gb', 'Data Boost 10 GB', 5, perDataSize(10)),
    monthly('pop-data-boost-20gb', 'Data Boost 20 GB', 8, perDataSize(20)),
    oneTime('pop-roam-europe-week', 'Week pass', 7.5),
    monthly('pop-family-bundle-monthly', 'Monthly fee', 45),
    monthly('pop-summer-data-double-monthly', 'Monthly fee', 5, {
      validFor: summerCampaignWindow(now),
    }),
  ];
}

function offering(id: string, name: string, extra: Record<string, unknown>) {
  return {
    id,
    name,
    lifecycleStatus: 'Launched',
    channelRules: { sellableOn: everywhere, visibleOn: everywhere, priceAlterations: [] },
    ...extra,
  };
}

function offerings(now: Date) {
  const { unlimited30, dataBoost } = catalogSeedIds;
  return [
    offering(catalogSeedIds.essential5, 'Essential 5 GB', {
      description: 'Unlimited UK calls and texts with 5 GB of 5G data.',
      productSpecification: { id: 'ps-mobile-plan' },
      productOfferingPrice: [{ id: 'pop-essential-5gb-monthly' }],
      category: [{ id: 'cat-plans', name: 'Plans' }],
      eligibility: { segment: 'consumer' },
      eligibilityDescription: 'for consumer customers',
    }),
    offering(unlimited30, 'Unlimited Talk & Text 30 GB', {
      description: 'Unlimited UK calls and texts with 30 GB of 5G data.',
      productSpecification: { id: 'ps-mobile-plan' },
      productOfferingPrice: [
        { id: 'pop-unlimited-30gb-monthly' },
        { id: 'pop-unlimited-30gb-out-of-bundle' },
      ],
      category: [{ id: 'cat-plans', name: 'Plans' }],
      eligibility: { segment: 'consumer' },
      eligibilityDescription: 'for consumer customers',
    }),
    offering(catalogSeedIds.unlimitedMax, 'Unlimited Data Max', {
      description: 'Unlimited calls, texts and 5G data.',
      productSpecification: { id: 'ps-mobile-plan' },
      productOfferingPrice: [
        { id: 'pop-unlimited-max-monthly' },
        { id: 'pop-unlimited-max-connection' },
      ],
      category: [{ id: 'cat-plans', name: 'Plans' }],
      eligibility: { segment: 'consumer' },
      eligibilityDescription: 'for consumer customers',
    }),
    offering(catalogSeedIds.business100, 'Business 100 GB', {
      description: 'For sole traders and small teams: 100 GB, priority support.',
      productSpecification: { id: 'ps-mobile-plan' },
      productOfferingPrice: [{ id: 'pop-business-100gb-monthly' }],
      category: [{ id: 'cat-plans', name: 'Plans' }],
      // Shown in self-care, but business contracts are signed with an agent.
      channelRules: {
        visibleOn: ['selfcare', 'agent'],
        sellableOn: ['agent'],
        priceAlterations: [],
      },
      eligibility: { segment: 'business' },
      eligibilityDescription: 'for business customers',
    }),
    offering(catalogSeedIds.legacy10, 'Unlimited 10 GB (2019)', {
      description: 'No longer sold; existing customers keep it.',
      lifecycleStatus: 'Retired',
      productSpecification: { id: 'ps-mobile-plan' },
      productOfferingPrice: [{ id: 'pop-unlimited-10gb-2019-monthly' }],
      category: [{ id: 'cat-plans', name: 'Plans' }],
    }),
    offering(dataBoost, 'Data Boost', {
      description: 'Add 5, 10 or 20 GB to your plan every month.',
      productSpecification: { id: 'ps-data-boost' },
      productOfferingPrice: [
        { id: 'pop-data-boost-5gb' },
        { id: 'pop-data-boost-10gb' },
        { id: 'pop-data-boost-20gb' },
      ],
      category: [{ id: 'cat-add-ons', name: 'Add-ons' }],
      compatibility: { requires: plans, excludes: [] },
    }),
    offering(catalogSeedIds.roamEurope, 'Europe Roaming Week Pass', {
      description: 'Use your UK allowance in 40 European destinations for 7 days.',
      productSpecification: { id: 'ps-roaming-pass' },
      productOfferingPrice: [{ id: 'pop-roam-europe-week' }],
      category: [{ id: 'cat-add-ons', name: 'Add-ons' }],
      eligibility: { region: 'GB', tenureMonths: { $gte: 1 } },
      eligibilityDescription: 'for UK customers after their first month',
      compatibility: { requires: plans, excludes: [] },
    }),
    offering(catalogSeedIds.familyBundle, 'Family Bundle', {
      description: 'Unlimited Talk & Text 30 GB with a 20 GB Data Boost, one bill.',
      isBundle: true,
      bundledProductOffering: [{ id: unlimited30 }, { id: dataBoost }],
      productOfferingPrice: [{ id: 'pop-family-bundle-monthly' }],
      category: [{ id: 'cat-bundles', name: 'Bundles' }],
      channelRules: {
        visibleOn: ['webchat', 'selfcare', 'voice', 'agent'],
        sellableOn: ['selfcare', 'agent'],
        priceAlterations: [],
      },
      eligibility: { segment: 'consumer', tenureMonths: { $gte: 6 } },
      eligibilityDescription: 'for consumer customers with at least 6 months of tenure',
    }),
    offering(catalogSeedIds.summerDataDouble, 'Summer Data Double', {
      description: 'Double the data of your plan for the rest of the campaign.',
      validFor: summerCampaignWindow(now),
      productOfferingPrice: [{ id: 'pop-summer-data-double-monthly' }],
      category: [{ id: 'cat-promotions', name: 'Promotions' }],
      channelRules: {
        sellableOn: everywhere,
        visibleOn: everywhere,
        priceAlterations: [
          {
            channel: 'selfcare',
            kind: 'percent',
            value: 20,
            appliesTo: 'recurring',
            name: 'Self-care exclusive 20% off',
            description: 'Add it yourself in self-care and pay 20% less every month.',
          },
        ],
      },
      eligibility: { segment: 'consumer' },
      eligibilityDescription: 'for consumer customers',
      compatibility: { requires: plans, excludes: [] },
    }),
  ];
}

function promotions(now: Date) {
  return [
    {
      id: catalogSeedIds.summerCampaignPromotion,
      name: 'Summer Data Double: £1 off for campaign recipients',
      description: 'Customers who received the Summer Data Double SMS pay £1 less every month.',
      offeringIds: [catalogSeedIds.summerDataDouble],
      // Minor units: 100 pence.
      discount: { kind: 'amount', value: 100, appliesTo: 'recurring' },
      validFor: summerCampaignWindow(now),
      campaignId: summerDataDoubleCampaignId,
    },
  ];
}

export interface SeedCounts {
  created: number;
  existing: number;
}

/** Creates what is missing and leaves what exists alone: a catalog manager may have edited it since. */
async function seedInto<T extends CatalogResource>(
  store: CatalogResourceStore<T>,
  bodies: ReadonlyArray<{ id: string }>,
  counts: SeedCounts,
): Promise<void> {
  for (const body of bodies) {
    if (await store.find(body.id)) {
      counts.existing += 1;
      continue;
    }
    try {
      await store.create(body);
      counts.created += 1;
    } catch (error) {
      // Another process seeding at the same moment created it first.
      if (!isAppError(error) || error.code !== 'CONFLICT') throw error;
      counts.existing += 1;
    }
  }
}

/**
 * Loads the seed catalog, idempotently: run it twice and the second run creates nothing. Referenced
 * resources go first (specifications, prices, then offerings and promotions) because the service
 * refuses references to anything missing.
 */
export async function seedCatalog(
  catalog: CatalogService,
  options: { clock?: Clock } = {},
): Promise<SeedCounts> {
  const now = (options.clock ?? systemClock).now();
  const counts: SeedCounts = { created: 0, existing: 0 };
  await seedInto(catalog.specifications, specifications, counts);
  await seedInto(catalog.prices, prices(now), counts);
  await seedInto(catalog.offerings, offerings(now), counts);
  await seedInto(catalog.promotions, promotions(now), counts);
  return counts;
}
