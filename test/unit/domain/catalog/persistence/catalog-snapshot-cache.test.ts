import type { CatalogData } from '../../../../../src/domain/catalog/catalog-index';
import { CatalogSnapshotCache } from '../../../../../src/domain/catalog/persistence';
import { fixedClock } from '../../../../../src/domain/shared/clock';
import type { AppError } from '../../../../../src/domain/shared/errors';
import { ids, telecomCatalog } from '../../fixtures/telecom-catalog';

/** A catalog store the test controls: what it holds, how often it was read, and when reads finish. */
class ControlledStore {
  data: CatalogData = telecomCatalog();
  reads = 0;
  private gates: Array<() => void> = [];
  held = false;

  load = async (): Promise<CatalogData> => {
    this.reads += 1;
    const data = this.data;
    if (this.held) await new Promise<void>((resolve) => this.gates.push(resolve));
    return data;
  };

  releaseAll(): void {
    for (const release of this.gates.splice(0)) release();
  }

  release(index: number): void {
    const [release] = this.gates.splice(index, 1);
    release?.();
  }
}

function renamed(data: CatalogData, offeringId: string, name: string): CatalogData {
  return {
    ...data,
    offerings: data.offerings.map((offering) =>
      offering.id === offeringId ? { ...offering, name } : offering,
    ),
  };
}

/** The data boost loses its prices: "offering ... refers to unknown price". */
function broken(data: CatalogData): CatalogData {
  return { ...data, prices: data.prices.filter((price) => !price.id.startsWith('pop-data-boost')) };
}

describe('CatalogSnapshotCache', () => {
  it('builds once and serves the same snapshot until invalidated', async () => {
    const store = new ControlledStore();
    const cache = new CatalogSnapshotCache({ load: store.load });
    const first = await cache.current();
    expect(await cache.current()).toBe(first);
    expect(store.reads).toBe(1);

    store.data = renamed(store.data, ids.dataBoost, 'Data Boost XL');
    cache.invalidate();
    const second = await cache.current();
    expect(second).not.toBe(first);
    expect(second.offering(ids.dataBoost)?.name).toBe('Data Boost XL');
    expect(store.reads).toBe(2);
  });

  it('lets concurrent callers share one build', async () => {
    const store = new ControlledStore();
    store.held = true;
    const cache = new CatalogSnapshotCache({ load: store.load });
    const waiting = Array.from({ length: 50 }, () => cache.current());
    store.releaseAll();
    const snapshots = await Promise.all(waiting);
    expect(store.reads).toBe(1);
    expect(new Set(snapshots).size).toBe(1);
  });

  it('does not keep a build that was overtaken by a write', async () => {
    const store = new ControlledStore();
    store.held = true;
    const cache = new CatalogSnapshotCache({ load: store.load });
    const early = cache.current();

    store.data = renamed(store.data, ids.dataBoost, 'Data Boost XL');
    cache.invalidate();
    const late = cache.current();
    expect(store.reads).toBe(2);

    // The newer read finishes first, then the older one.
    store.release(1);
    expect((await late).offering(ids.dataBoost)?.name).toBe('Data Boost XL');
    store.release(0);
    expect((await early).offering(ids.dataBoost)?.name).toBe('Data Boost');

    store.held = false;
    expect((await cache.current()).offering(ids.dataBoost)?.name).toBe('Data Boost XL');
    expect(store.reads).toBe(2);
  });

  it('keeps serving the last consistent snapshot and reports the broken catalog once', async () => {
    const store = new ControlledStore();
    const rejected: AppError[] = [];
    const cache = new CatalogSnapshotCache({
      load: store.load,
      onRejectedCatalog: (error) => rejected.push(error),
    });
    const good = await cache.current();

    store.data = broken(store.data);
    cache.invalidate();
    expect(await cache.current()).toBe(good);
    expect(await cache.current()).toBe(good);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.details?.problems).toContain(
      'offering po-data-boost refers to unknown price pop-data-boost-10gb',
    );

    store.data = telecomCatalog();
    cache.invalidate();
    expect(await cache.current()).not.toBe(good);
  });

  it('refuses to serve a broken catalog it never saw consistent', async () => {
    const store = new ControlledStore();
    store.data = broken(store.data);
    const cache = new CatalogSnapshotCache({ load: store.load });
    await expect(cache.current()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('does not cache a failed read', async () => {
    let failing = true;
    const cache = new CatalogSnapshotCache({
      load: async () => {
        if (failing) throw new Error('connection reset');
        return telecomCatalog();
      },
    });
    await expect(cache.current()).rejects.toThrow('connection reset');
    failing = false;
    expect((await cache.current()).offering(ids.unlimited30)).toBeDefined();
  });

  it('rebuilds after its maximum age, in case an event was missed', async () => {
    const store = new ControlledStore();
    const clock = fixedClock('2026-07-15T10:00:00Z');
    const cache = new CatalogSnapshotCache({ load: store.load, clock, maxAgeMs: 60_000 });
    const first = await cache.current();
    clock.set('2026-07-15T10:00:59Z');
    expect(await cache.current()).toBe(first);
    clock.set('2026-07-15T10:01:00Z');
    expect(await cache.current()).not.toBe(first);
    expect(store.reads).toBe(2);
  });

  it('says so when used before it is bound to storage', async () => {
    const cache = new CatalogSnapshotCache();
    await expect(cache.current()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    const store = new ControlledStore();
    cache.bind(store.load);
    expect((await cache.current()).currency).toBe('EUR');
  });
});
