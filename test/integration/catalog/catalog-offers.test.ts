import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../../src/domain/shared/clock';
import { TokenService } from '../../../src/infra/auth/tokens';
import { seedCatalog } from '../../../src/seed/catalog';
import { bearer, secrets, startCatalogRuntime } from './catalog-harness';
import type { CatalogTestRuntime } from './catalog-harness';

interface OfferJson {
  id: string;
  name: string;
  price: {
    oneTime: { unit: string; value: number };
    recurring: { unit: string; value: number; period: string };
    alterations: Array<{ name: string; amount: { unit: string; value: number } }>;
    promotions: Array<{ name: string; amount: { unit: string; value: number } }>;
  };
  reasons: string[];
}

interface NotOfferedJson {
  id: string;
  reasons: Array<{ code: string; message: string }>;
}

interface OffersJson {
  channel: string;
  party: Record<string, string>;
  currency: string;
  offers: OfferJson[];
  notOffered: NotOfferedJson[];
}

const summerDataDouble = 'po-summer-data-double';

describe('GET /api/offers', () => {
  let ctx: CatalogTestRuntime;
  let app: FastifyInstance;
  let stacyToken: string;
  let otherCustomerToken: string;

  beforeAll(async () => {
    const clock = fixedClock('2026-07-15T10:00:00Z');
    ctx = await startCatalogRuntime({ clock });
    app = ctx.runtime.app!;
    await seedCatalog(ctx.feature.services.catalog, { clock });
    const tokens = new TokenService(ctx.runtime.config.JWT_SECRET);
    stacyToken = await tokens.issue(
      { kind: 'customer', id: 'cust-stacy', roles: ['customer'], customerId: 'cust-stacy' },
      600,
    );
    otherCustomerToken = await tokens.issue(
      { kind: 'customer', id: 'cust-other', roles: ['customer'], customerId: 'cust-other' },
      600,
    );
  });

  afterAll(async () => {
    await ctx?.runtime.stop();
  });

  async function offersAs(
    query: string,
    headers: Record<string, string> = {},
  ): Promise<OffersJson> {
    const response = await app.inject({ method: 'GET', url: `/api/offers?${query}`, headers });
    expect(response.statusCode).toBe(200);
    return response.json<OffersJson>();
  }

  const find = (offers: OffersJson, id: string) => offers.offers.find((offer) => offer.id === id);

  it('applies the self-care-only discount on selfcare, and only there', async () => {
    const selfcare = await offersAs('channel=selfcare', bearer(stacyToken));
    const webchat = await offersAs('channel=webchat', bearer(stacyToken));
    expect(selfcare.party).toEqual({ customerId: 'cust-stacy' });
    expect(selfcare.currency).toBe('GBP');

    const inSelfcare = find(selfcare, summerDataDouble);
    const inWebchat = find(webchat, summerDataDouble);
    // £5 a month; self-care takes 20% off (£1), then Stacy's campaign promotion another £1.
    expect(inSelfcare?.price.recurring).toEqual({ unit: 'GBP', value: 3, period: 'month' });
    expect(inSelfcare?.price.alterations).toEqual([
      expect.objectContaining({
        name: 'Self-care exclusive 20% off',
        amount: { unit: 'GBP', value: -1 },
      }),
    ]);
    expect(inSelfcare?.reasons).toContain('Self-care exclusive 20% off applied');

    expect(inWebchat?.price.recurring).toEqual({ unit: 'GBP', value: 4, period: 'month' });
    expect(inWebchat?.price.alterations).toEqual([]);
    expect(inWebchat?.price.promotions).toEqual([
      expect.objectContaining({
        name: 'Summer Data Double: £1 off for campaign recipients',
        amount: { unit: 'GBP', value: -1 },
      }),
    ]);
  });

  it('gives the campaign price only to parties reached by the campaign, unless the session came from it', async () => {
    const visitor = await offersAs('channel=webchat');
    expect(visitor.party).toEqual({ visitorId: 'anonymous' });
    // A visitor has no plan, so the add-on is listed with the reason rather than offered.
    expect(find(visitor, summerDataDouble)).toBeUndefined();
    expect(
      visitor.notOffered
        .find((entry) => entry.id === summerDataDouble)
        ?.reasons.map((reason) => reason.code),
    ).toEqual(['requires-missing']);

    const agentForStacy = await offersAs(
      'channel=agent&customerId=cust-stacy',
      bearer(secrets.agent),
    );
    expect(agentForStacy.party).toEqual({ customerId: 'cust-stacy' });
    expect(find(agentForStacy, summerDataDouble)?.price.recurring.value).toBe(4);
  });

  it('offers plans to a visitor with web-chat prices and explains what is held back', async () => {
    const visitor = await offersAs('channel=webchat&visitorId=vis-9f2c');
    expect(visitor.party).toEqual({ visitorId: 'vis-9f2c' });
    expect(find(visitor, 'po-plan-unlimited-30gb')?.price.recurring).toEqual({
      unit: 'GBP',
      value: 18,
      period: 'month',
    });
    expect(find(visitor, 'po-plan-unlimited-max')?.price.oneTime).toEqual({
      unit: 'GBP',
      value: 10,
    });
    // Business plans are not shown on web chat at all, and retired plans are never listed.
    const listed = [...visitor.offers, ...visitor.notOffered].map((entry) => entry.id);
    expect(listed).not.toContain('po-plan-business-100gb');
    expect(listed).not.toContain('po-plan-unlimited-10gb-2019');
    const bundle = visitor.notOffered.find((entry) => entry.id === 'po-family-bundle');
    expect(bundle?.reasons.map((reason) => reason.code)).toEqual([
      'not-sellable-on-channel',
      'ineligible',
    ]);
  });

  it('does not offer Stacy the plan she already has', async () => {
    const selfcare = await offersAs('channel=selfcare', bearer(stacyToken));
    expect(find(selfcare, 'po-plan-unlimited-30gb')).toBeUndefined();
    expect(
      selfcare.notOffered.find((entry) => entry.id === 'po-plan-unlimited-30gb')?.reasons[0]?.code,
    ).toBe('already-subscribed');
    expect(find(selfcare, 'po-data-boost')?.price.recurring.value).toBe(3);
  });

  it('keeps a customer to her own offers and checks the query', async () => {
    const otherCustomer = await app.inject({
      method: 'GET',
      url: '/api/offers?channel=selfcare&customerId=cust-stacy',
      headers: bearer(otherCustomerToken),
    });
    expect(otherCustomer.statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'GET',
      url: '/api/offers?channel=selfcare&customerId=cust-stacy',
    });
    expect(anonymous.statusCode).toBe(401);
    const badChannel = await app.inject({ method: 'GET', url: '/api/offers?channel=fax' });
    expect(badChannel.statusCode).toBe(400);
    const unknownParameter = await app.inject({
      method: 'GET',
      url: '/api/offers?channel=sms&segment=business',
    });
    expect(unknownParameter.statusCode).toBe(400);
  });
});
