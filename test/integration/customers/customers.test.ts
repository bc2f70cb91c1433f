import { phoneChannels } from '../../../src/domain/shared/channel';
import type { CompletedOrderItems } from '../../../src/domain/commerce/ports';
import { CustomerContextProvider } from '../../../src/domain/customers/customer-context-source';
import type { PlanClassifier } from '../../../src/domain/customers/plan-classifier';
import { CustomerSubscriptionUpdater } from '../../../src/domain/customers/subscription-updater';
import { seedCustomers, seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { startCustomersHarness } from './harness';
import type { CustomersHarness } from './harness';

const plans: PlanClassifier = {
  isPlan: async (offeringId) => offeringId.startsWith('po-plan-'),
};

describe('customers against MongoDB', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await startCustomersHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('seed', () => {
    it('inserts the journey customers once and leaves them alone afterwards', async () => {
      const first = await seedCustomers(h.models, h.clock);
      expect(first.inserted).toEqual(Object.values(seededCustomerIds));
      await h.customers.setSmsMarketingConsent(seededCustomerIds.stacy, {
        status: 'opted-out',
        source: 'sms-keyword',
      });
      const second = await seedCustomers(h.models, h.clock);
      expect(second).toEqual({ inserted: [], existing: Object.values(seededCustomerIds) });
      const stacy = await h.customers.get(seededCustomerIds.stacy);
      expect(stacy.consent.smsMarketing?.status).toBe('opted-out');
      expect(stacy.subscriptions[0]).toMatchObject({
        offeringId: 'po-plan-unlimited-30gb',
        offeringName: 'Unlimited Talk & Text 30 GB',
        isPlan: true,
        status: 'active',
      });
      await expect(h.identities.resolve('sms', '07700 900123')).resolves.toEqual({
        customerId: seededCustomerIds.stacy,
      });
      expect(stacyMobile).toBe('+447700900123');
      const liam = await h.customers.get(seededCustomerIds.liam);
      expect(liam.mobile).toBe('+353851234567');
      expect(liam.consent.smsMarketing?.status).toBe('opted-out');
    });
  });

  describe('profile and identities', () => {
    it('creates a customer with normalised contact media and phone identities', async () => {
      const created = await h.customers.create({
        name: { given: 'Amira', family: 'Haddad' },
        language: 'fr-fr',
        timezone: 'Europe/Paris',
        region: 'FR',
        mobile: '+33 6 12 34 56 78',
        email: 'Amira.Haddad@Example.fr',
      });
      expect(created).toMatchObject({
        status: 'active',
        segment: 'consumer',
        language: 'fr-FR',
        mobile: '+33612345678',
        email: 'amira.haddad@example.fr',
        version: 1,
      });
      expect(
        created.identities.map((identity) => `${identity.channel}:${identity.handle}`),
      ).toEqual(phoneChannels.map((channel) => `${channel}:+33612345678`));
      expect(phoneChannels).toEqual(expect.arrayContaining(['sms', 'voice']));
      expect(h.events.named('customer.created')).toContainEqual({ customerId: created.id });
    });

    it('refuses a second customer with a number that already identifies someone', async () => {
      await expect(
        h.customers.create({
          name: { given: 'Impostor', family: 'Smith' },
          language: 'en-GB',
          timezone: 'Europe/London',
          region: 'GB',
          mobile: '07700900123',
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lets many customers exist without any identity (no empty-array collisions)', async () => {
      const base = { language: 'en-GB', timezone: 'Europe/London', region: 'GB' };
      await h.customers.create({ ...base, name: { given: 'No', family: 'Phone' } });
      await expect(
        h.customers.create({ ...base, name: { given: 'Also', family: 'Nophone' } }),
      ).resolves.toMatchObject({ identities: [] });
    });

    it('moves phone identities with the mobile number and refuses illegal status changes', async () => {
      const customer = await h.customers.create({
        name: { given: 'Tom', family: 'Baker' },
        language: 'en-GB',
        timezone: 'Europe/London',
        region: 'GB',
        mobile: '+447700900301',
      });
      const updated = await h.customers.update(customer.id, {
        mobile: '07700 900302',
        status: 'inactive',
      });
      expect(updated.mobile).toBe('+447700900302');
      expect(updated.version).toBe(2);
      await expect(h.identities.resolve('sms', '+447700900302')).resolves.toEqual({
        customerId: customer.id,
      });
      await expect(h.identities.resolve('sms', '+447700900301')).resolves.toHaveProperty(
        'visitorId',
      );
      await expect(h.customers.update(customer.id, { status: 'validated' })).rejects.toMatchObject({
        code: 'ILLEGAL_TRANSITION',
      });
      await expect(
        h.customers.update(customer.id, { email: 'tom@example.com' }, 1),
      ).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
      });
      const cleared = await h.customers.update(customer.id, { mobile: null });
      expect(cleared.mobile).toBeUndefined();
      expect(cleared.identities).toEqual([]);
    });

    it('loses no change when two channels update the same customer at once', async () => {
      const customer = await h.customers.create({
        name: { given: 'Ada', family: 'Lovelace' },
        language: 'en-GB',
        timezone: 'Europe/London',
        region: 'GB',
      });
      await Promise.all([
        h.customers.update(customer.id, { email: 'ada@example.com' }),
        h.customers.setSmsMarketingConsent(customer.id, { status: 'opted-in', source: 'webchat' }),
        h.customers.addIdentity(customer.id, 'selfcare', 'ada.lovelace'),
      ]);
      const after = await h.customers.get(customer.id);
      expect(after.email).toBe('ada@example.com');
      expect(after.consent.smsMarketing?.status).toBe('opted-in');
      expect(after.identities).toContainEqual(expect.objectContaining({ handle: 'ada.lovelace' }));
      expect(after.version).toBe(4);
    });
  });

  describe('subscriptions from completed orders', () => {
    it('adds, modifies and terminates, and applies the same order only once', async () => {
      const updater = new CustomerSubscriptionUpdater(h.models, plans, h.events, h.clock);
      const stacy = await h.customers.get(seededCustomerIds.stacy);
      const planSubscription = stacy.subscriptions[0]!;
      const order: CompletedOrderItems = {
        orderId: 'ord_summer_1',
        customerId: stacy.id,
        items: [
          {
            action: 'add',
            offeringId: 'po-summer-data-double',
            offeringName: 'Summer Data Double',
            characteristics: {},
            quantity: 1,
          },
          {
            action: 'modify',
            offeringId: 'po-plan-unlimited-30gb',
            offeringName: 'Unlimited Talk & Text 30 GB',
            subscriptionId: planSubscription.id,
            characteristics: { dataAllowanceGB: 60 },
            quantity: 1,
          },
        ],
      };
      const updatesBefore = h.events.named('customer.updated').length;
      await updater.applyCompletedOrder(order);
      await updater.applyCompletedOrder(order);
      await Promise.all([updater.applyCompletedOrder(order), updater.applyCompletedOrder(order)]);

      const after = await h.customers.get(stacy.id);
      expect(after.subscriptions).toHaveLength(2);
      expect(
        after.subscriptions.find((s) => s.offeringId === 'po-summer-data-double'),
      ).toMatchObject({
        isPlan: false,
        status: 'active',
        orderId: 'ord_summer_1',
      });
      expect(after.subscriptions[0]?.characteristics.dataAllowanceGB).toBe(60);
      expect(h.events.named('customer.updated').length - updatesBefore).toBe(1);

      await updater.applyCompletedOrder({
        orderId: 'ord_cancel_boost',
        customerId: stacy.id,
        items: [
          {
            action: 'delete',
            offeringId: 'po-summer-data-double',
            offeringName: 'Summer Data Double',
            characteristics: {},
            quantity: 1,
          },
        ],
      });
      const final = await h.customers.get(stacy.id);
      expect(
        final.subscriptions.find((s) => s.offeringId === 'po-summer-data-double')?.status,
      ).toBe('terminated');
    });

    it('refuses to modify a subscription the customer does not have', async () => {
      const updater = new CustomerSubscriptionUpdater(h.models, plans, h.events, h.clock);
      await expect(
        updater.applyCompletedOrder({
          orderId: 'ord_bad',
          customerId: seededCustomerIds.northwind,
          items: [
            {
              action: 'modify',
              offeringId: 'po-plan-business-100gb',
              offeringName: 'Business Unlimited 100 GB',
              subscriptionId: 'sub-someone-else',
              characteristics: {},
              quantity: 1,
            },
          ],
        }),
      ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    });
  });

  describe('customer context source', () => {
    it('builds contexts for customers, visitors and linked visitors', async () => {
      const contexts = new CustomerContextProvider(
        h.customers,
        h.models,
        { region: 'GB', language: 'en-GB' },
        h.clock,
      );
      const northwind = await contexts.contextFor({ customerId: seededCustomerIds.northwind }, [
        'cmp-b2b',
      ]);
      expect(northwind).toMatchObject({
        customerId: seededCustomerIds.northwind,
        segment: 'business',
        currentPlanIds: ['po-plan-business-100gb'],
        campaignIds: ['cmp-b2b'],
        region: 'GB',
      });
      expect(northwind.tenureMonths).toBe(84);

      const visitor = await h.identities.resolve('webchat', 'browser-context');
      await expect(contexts.contextFor(visitor)).resolves.toEqual({
        segment: 'consumer',
        currentPlanIds: [],
        subscriptionOfferingIds: [],
        tenureMonths: 0,
        region: 'GB',
        campaignIds: [],
        language: 'en-GB',
      });
      await h.identities.linkWithCampaignToken(
        visitor.visitorId as string,
        await h.identities.createCampaignLinkToken({
          customerId: seededCustomerIds.liam,
          campaignId: 'cmp-ie',
        }),
      );
      await expect(contexts.contextFor(visitor)).resolves.toMatchObject({
        customerId: seededCustomerIds.liam,
        region: 'IE',
      });
    });

    it('remembers a visitor is not linked only until it hears she was', async () => {
      const contexts = new CustomerContextProvider(
        h.customers,
        h.models,
        { region: 'GB', language: 'en-GB' },
        h.clock,
        { unlinkedTtlMs: 60_000, maxEntries: 100 },
      );
      const visitor = await h.identities.resolve('webchat', 'browser-remembered');
      await expect(contexts.contextFor(visitor)).resolves.not.toHaveProperty('customerId');
      await h.identities.linkWithCampaignToken(
        visitor.visitorId as string,
        await h.identities.createCampaignLinkToken({
          customerId: seededCustomerIds.liam,
          campaignId: 'cmp-ie',
        }),
      );
      // Until `visitor.linked` is heard, the remembered answer stands.
      await expect(contexts.contextFor(visitor)).resolves.not.toHaveProperty('customerId');
      contexts.forgetVisitor(visitor.visitorId as string);
      await expect(contexts.contextFor(visitor)).resolves.toMatchObject({
        customerId: seededCustomerIds.liam,
      });
      // A link is for good: remembered, and still hers after anything is forgotten.
      contexts.forgetVisitor(visitor.visitorId as string);
      await expect(contexts.contextFor(visitor)).resolves.toMatchObject({
        customerId: seededCustomerIds.liam,
      });
    });
  });
});
