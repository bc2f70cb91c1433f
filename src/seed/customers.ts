import type { CreateCustomerInput } from '../domain/customers/customer-input';
import { newCustomerDocument } from '../domain/customers/customer-service';
import type { CustomerModels } from '../domain/customers/models';
import type { Clock } from '../domain/shared/clock';
import { systemClock } from '../domain/shared/clock';

/** Ids other seeds, tests and demos refer to. */
export const seededCustomerIds = {
  /** The journey's customer: opted in to marketing SMS, on the 30 GB plan since 2021. */
  stacy: 'cust-stacy-moreno',
  /** A business account with a business plan and two lines. */
  northwind: 'cust-northwind-logistics',
  /** Opted out by replying STOP: campaigns must skip him. */
  liam: 'cust-liam-oconnor',
} as const;

export const stacyMobile = '+447700900123';

/** Offering ids the catalog seed must provide for these subscriptions to match its offers. */
export const seededOfferingIds = {
  unlimited30: 'po-plan-unlimited-30gb',
  business100: 'po-plan-business-100gb',
  dataBoost: 'po-data-boost',
} as const;

export const seedCustomerInputs: CreateCustomerInput[] = [
  {
    id: seededCustomerIds.stacy,
    name: { given: 'Stacy', family: 'Moreno' },
    status: 'active',
    segment: 'consumer',
    language: 'en-GB',
    timezone: 'Europe/London',
    region: 'GB',
    mobile: stacyMobile,
    email: 'stacy.moreno@example.com',
    customerSince: '2021-03-14T10:22:00Z',
    subscriptions: [
      {
        id: 'sub-stacy-plan',
        offeringId: seededOfferingIds.unlimited30,
        offeringName: 'Unlimited Talk & Text 30 GB',
        isPlan: true,
        status: 'active',
        characteristics: { dataAllowanceGB: 30 },
        startDate: '2021-03-14T10:22:00Z',
      },
    ],
    smsMarketing: { status: 'opted-in', source: 'selfcare', at: '2021-03-14T10:25:00Z' },
    identities: [{ channel: 'selfcare', handle: 'stacy.moreno@example.com' }],
  },
  {
    id: seededCustomerIds.northwind,
    name: { given: 'Northwind Logistics Ltd', family: '' },
    status: 'active',
    segment: 'business',
    language: 'en-GB',
    timezone: 'Europe/London',
    region: 'GB',
    mobile: '+447700900456',
    email: 'accounts@northwind-logistics.example',
    customerSince: '2018-06-01T09:00:00Z',
    subscriptions: [
      {
        id: 'sub-northwind-line-1',
        offeringId: seededOfferingIds.business100,
        offeringName: 'Business Unlimited 100 GB',
        isPlan: true,
        status: 'active',
        characteristics: { dataAllowanceGB: 100, msisdn: '+447700900456' },
        startDate: '2018-06-01T09:00:00Z',
      },
      {
        id: 'sub-northwind-line-2',
        offeringId: seededOfferingIds.business100,
        offeringName: 'Business Unlimited 100 GB',
        isPlan: true,
        status: 'suspended',
        characteristics: { dataAllowanceGB: 100, msisdn: '+447700900457' },
        startDate: '2019-02-11T09:00:00Z',
      },
    ],
    smsMarketing: { status: 'opted-in', source: 'import', at: '2018-06-01T09:00:00Z' },
  },
  {
    id: seededCustomerIds.liam,
    name: { given: 'Liam', family: "O'Connor" },
    status: 'active',
    segment: 'consumer',
    language: 'en-IE',
    timezone: 'Europe/Dublin',
    region: 'IE',
    mobile: '+353 85 123 4567',
    email: 'liam.oconnor@example.ie',
    customerSince: '2023-09-10T14:00:00Z',
    subscriptions: [
      {
        id: 'sub-liam-plan',
        offeringId: seededOfferingIds.unlimited30,
        offeringName: 'Unlimited Talk & Text 30 GB',
        isPlan: true,
        status: 'active',
        characteristics: { dataAllowanceGB: 30 },
        startDate: '2023-09-10T14:00:00Z',
      },
      {
        id: 'sub-liam-boost',
        offeringId: seededOfferingIds.dataBoost,
        offeringName: 'Data Boost',
        isPlan: false,
        status: 'active',
        characteristics: { dataSize: 10 },
        startDate: '2024-01-05T08:30:00Z',
      },
    ],
    smsMarketing: { status: 'opted-out', source: 'sms-keyword', at: '2024-11-02T19:41:00Z' },
  },
];

/**
 * Inserts the seed customers that are missing. Existing ones are left as they are, so running the
 * seed again (or on every first start) never undoes what happened to them since.
 */
export async function seedCustomers(
  models: CustomerModels,
  clock: Clock = systemClock,
): Promise<{ inserted: string[]; existing: string[] }> {
  const now = clock.now();
  const inserted: string[] = [];
  const existing: string[] = [];
  for (const input of seedCustomerInputs) {
    const { _id, ...fields } = newCustomerDocument(input, now);
    const result = await models.Customer.updateOne(
      { _id },
      { $setOnInsert: fields },
      { upsert: true },
    );
    (result.upsertedCount === 1 ? inserted : existing).push(_id);
  }
  return { inserted, existing };
}
