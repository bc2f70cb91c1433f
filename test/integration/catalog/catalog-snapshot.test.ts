import { createCatalogModels } from '../../../src/domain/catalog/persistence';
import type { DomainEvent } from '../../../src/domain/shared/events';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { bearer, bodies, secrets, startCatalogRuntime } from './catalog-harness';
import type { CatalogTestRuntime } from './catalog-harness';

const base = '/tmf-api/productCatalogManagement/v4';
const manager = bearer(secrets.catalogManager);

/** Resolves with the next `catalog.changed` for `id` seen by this runtime's event bus. */
function nextCatalogChange(
  ctx: CatalogTestRuntime,
  id: string,
): Promise<DomainEvent<'catalog.changed'>> {
  return new Promise((resolve) => {
    const unsubscribe = ctx.runtime.events.subscribe('catalog.changed', (event) => {
      if (event.payload.id !== id) return;
      unsubscribe();
      resolve(event);
    });
  });
}

describe('catalog snapshot source', () => {
  let mongo: TestMongo;
  let first: CatalogTestRuntime;
  let second: CatalogTestRuntime;

  beforeAll(async () => {
    mongo = await startTestMongo();
    // Two app nodes on one database, sharing the event bus as separate processes would.
    first = await startCatalogRuntime({ mongoUri: mongo.uri });
    second = await startCatalogRuntime({ mongoUri: mongo.uri });
    const app = first.runtime.app!;
    await app.inject({
      method: 'POST',
      url: `${base}/productOfferingPrice`,
      headers: manager,
      payload: bodies.monthlyPrice('pop-essential', 10),
    });
    await app.inject({
      method: 'POST',
      url: `${base}/productOffering`,
      headers: manager,
      payload: bodies.offering('po-essential', 'Essential 5 GB', {
        productOfferingPrice: [{ id: 'pop-essential' }],
      }),
    });
  });

  afterAll(async () => {
    await first?.runtime.stop();
    await second?.runtime.stop();
    await mongo?.stop();
  });

  it('serves one cached snapshot until the catalog changes', async () => {
    const snapshots = first.feature.services.snapshots;
    const snapshot = await snapshots.current();
    expect(snapshot.offering('po-essential')?.name).toBe('Essential 5 GB');
    expect(await snapshots.current()).toBe(snapshot);

    // Written behind the service's back: the cache does not re-read storage on every call.
    const models = createCatalogModels(first.runtime.mongo.connection);
    await models.offerings.updateOne(
      { _id: 'po-essential' },
      { $set: { name: 'Edited directly' } },
    );
    expect(await snapshots.current()).toBe(snapshot);
    snapshots.invalidate();
    expect((await snapshots.current()).offering('po-essential')?.name).toBe('Edited directly');
  });

  it('shares one rebuild between concurrent callers', async () => {
    const snapshots = first.feature.services.snapshots;
    snapshots.invalidate();
    const results = await Promise.all(Array.from({ length: 25 }, () => snapshots.current()));
    expect(new Set(results).size).toBe(1);
  });

  it('reflects a write at once in the writing process', async () => {
    const before = await first.feature.services.snapshots.current();
    const response = await first.runtime.app!.inject({
      method: 'PATCH',
      url: `${base}/productOffering/po-essential`,
      headers: manager,
      payload: { name: 'Essential 5 GB Plus' },
    });
    expect(response.statusCode).toBe(200);
    const after = await first.feature.services.snapshots.current();
    expect(after).not.toBe(before);
    expect(after.offering('po-essential')?.name).toBe('Essential 5 GB Plus');
  });

  it('is invalidated in another process by catalog.changed from the event bus', async () => {
    const remote = second.feature.services.snapshots;
    const stale = await remote.current();
    expect(stale.offering('po-roam-week')).toBeUndefined();

    const announced = nextCatalogChange(second, 'po-roam-week');
    const app = first.runtime.app!;
    await app.inject({
      method: 'POST',
      url: `${base}/productOfferingPrice`,
      headers: manager,
      payload: {
        ...bodies.monthlyPrice('pop-roam-week', 7.5),
        priceType: 'oneTime',
        recurringChargePeriodType: undefined,
      },
    });
    const created = await app.inject({
      method: 'POST',
      url: `${base}/productOffering`,
      headers: manager,
      payload: bodies.offering('po-roam-week', 'Europe Roaming Week Pass', {
        productOfferingPrice: [{ id: 'pop-roam-week' }],
      }),
    });
    expect(created.statusCode).toBe(201);

    const event = await announced;
    expect(event.payload).toEqual({ resource: 'productOffering', id: 'po-roam-week' });
    // The feature's own subscriber ran before this test's one, so the next read rebuilds.
    const fresh = await remote.current();
    expect(fresh.offering('po-roam-week')?.name).toBe('Europe Roaming Week Pass');
    const offers = await second.runtime.app!.inject({
      method: 'GET',
      url: '/api/offers?channel=webchat',
    });
    expect(offers.json().offers.map((offer: { id: string }) => offer.id)).toContain('po-roam-week');
  });

  it('keeps serving the last consistent snapshot when storage holds a broken catalog', async () => {
    const snapshots = first.feature.services.snapshots;
    snapshots.invalidate();
    const good = await snapshots.current();
    // As if two concurrent writes had combined badly: the offering's only price disappears.
    const models = createCatalogModels(first.runtime.mongo.connection);
    await models.prices.deleteOne({ _id: 'pop-essential' });
    snapshots.invalidate();
    const served = await snapshots.current();
    expect(served).toBe(good);
    expect(served.offering('po-essential')).toBeDefined();
  });
});
