import { channels } from '../../../src/domain/shared/channel';
import { fixedClock } from '../../../src/domain/shared/clock';
import { catalogSeedIds, seedCatalog, summerDataDoubleCampaignId } from '../../../src/seed/catalog';
import { bearer, secrets, startCatalogRuntime } from './catalog-harness';
import type { CatalogTestRuntime } from './catalog-harness';

const base = '/tmf-api/productCatalogManagement/v4';

describe('seed catalog', () => {
  let ctx: CatalogTestRuntime;
  const clock = fixedClock('2026-07-15T10:00:00Z');

  beforeAll(async () => {
    ctx = await startCatalogRuntime({ clock });
  });

  afterAll(async () => {
    await ctx?.runtime.stop();
  });

  async function totals(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const path of [
      'productOffering',
      'productOfferingPrice',
      'productSpecification',
      'promotion',
    ]) {
      const response = await ctx.runtime.app!.inject({
        method: 'GET',
        url: `${base}/${path}?limit=1`,
      });
      result[path] = Number(response.headers['x-total-count']);
    }
    return result;
  }

  it('loads once and changes nothing when run again', async () => {
    const catalog = ctx.feature.services.catalog;
    const first = await seedCatalog(catalog, { clock });
    const afterFirst = await totals();
    expect(first.existing).toBe(0);
    expect(first.created).toBe(Object.values(afterFirst).reduce((sum, count) => sum + count, 0));
    expect(afterFirst).toEqual({
      productOffering: 9,
      productOfferingPrice: 13,
      productSpecification: 3,
      promotion: 1,
    });

    const second = await seedCatalog(catalog, { clock });
    expect(second).toEqual({ created: 0, existing: first.created });
    expect(await totals()).toEqual(afterFirst);
  });

  it('survives two seeders running at the same moment', async () => {
    await ctx.runtime.mongo.connection.dropDatabase();
    const catalog = ctx.feature.services.catalog;
    const [one, two] = await Promise.all([
      seedCatalog(catalog, { clock }),
      seedCatalog(catalog, { clock }),
    ]);
    expect(one.created + two.created).toBe(26);
    expect(await totals()).toEqual({
      productOffering: 9,
      productOfferingPrice: 13,
      productSpecification: 3,
      promotion: 1,
    });
  });

  it('leaves what a catalog manager changed since', async () => {
    const renamed = await ctx.runtime.app!.inject({
      method: 'PATCH',
      url: `${base}/productOffering/${catalogSeedIds.dataBoost}`,
      headers: bearer(secrets.catalogManager),
      payload: { name: 'Data Boost (autumn)' },
    });
    expect(renamed.statusCode).toBe(200);
    await seedCatalog(ctx.feature.services.catalog, { clock });
    expect((await ctx.feature.services.catalog.offerings.get(catalogSeedIds.dataBoost)).name).toBe(
      'Data Boost (autumn)',
    );
  });

  it('matches the customer seed and the journey: Stacy’s plan, GBP, the campaign promotion', async () => {
    const snapshot = await ctx.feature.services.snapshots.current();
    expect(snapshot.currency).toBe('GBP');
    expect(snapshot.offering('po-plan-unlimited-30gb')?.name).toBe('Unlimited Talk & Text 30 GB');
    const summer = snapshot.offering(catalogSeedIds.summerDataDouble);
    // Sold wherever she is: every channel there is, the journey's among them.
    expect(summer?.channelRules.sellableOn).toEqual(channels);
    expect(channels).toEqual(expect.arrayContaining(['sms', 'webchat', 'selfcare', 'agent']));
    expect(summer?.channelRules.priceAlterations).toEqual([
      expect.objectContaining({ channel: 'selfcare', kind: 'percent', value: 20 }),
    ]);
    const promotion = await ctx.feature.services.catalog.promotions.get(
      catalogSeedIds.summerCampaignPromotion,
    );
    expect(promotion.campaignId).toBe(summerDataDoubleCampaignId);
    expect(promotion.validFor).toEqual({
      startDateTime: '2026-07-01T00:00:00.000Z',
      endDateTime: '2026-11-01T00:00:00.000Z',
    });
  });

  it('prices Data Boost per data size', async () => {
    const snapshot = await ctx.feature.services.snapshots.current();
    const stacy = {
      segment: 'consumer' as const,
      currentPlanIds: ['po-plan-unlimited-30gb'],
      subscriptionOfferingIds: ['po-plan-unlimited-30gb'],
      tenureMonths: 26,
      region: 'GB',
      campaignIds: [],
      language: 'en-GB',
    };
    const priceOf = (dataSize: number) =>
      snapshot.priceConfiguration({
        offeringId: catalogSeedIds.dataBoost,
        characteristics: { dataSize, startDate: 'next-billing-cycle' },
        channel: 'selfcare',
        customer: stacy,
        now: clock.now(),
      }).price.recurring.amount;
    expect([5, 10, 20].map(priceOf)).toEqual([300, 500, 800]);
    expect(() => priceOf(50)).toThrow(/choose one of 5, 10, 20/);
  });
});
