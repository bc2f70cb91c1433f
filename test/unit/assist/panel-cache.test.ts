import { PanelCache } from '../../../src/assist/panel-cache';
import type { PanelSections } from '../../../src/assist/panel-builder';

const sections = (note: string): PanelSections => ({
  timeline: { items: [{ id: note } as never] },
  orders: [],
  offers: [],
});

describe('panels read ahead', () => {
  it('is taken once, dropped by a change, and not read twice while fresh', async () => {
    let now = 0;
    const cache = new PanelCache({ ttlMs: 1_000, now: () => now });
    let reads = 0;
    const read = () => {
      reads += 1;
      return Promise.resolve(sections(`read-${reads}`));
    };
    cache.warm('customer:a', read);
    cache.warm('customer:a', read);
    expect(reads).toBe(1);
    expect((await cache.take('customer:a'))?.timeline.items[0]?.id).toBe('read-1');
    expect(cache.take('customer:a')).toBeUndefined();

    cache.warm('customer:a', read);
    cache.drop('customer:a');
    expect(cache.take('customer:a')).toBeUndefined();

    cache.warm('customer:b', read);
    now = 1_001;
    expect(cache.take('customer:b')).toBeUndefined();
  });

  it('forgets a failed read and keeps to its bound', async () => {
    const cache = new PanelCache({ max: 2 });
    cache.warm('customer:x', () => Promise.reject(new Error('down')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.size).toBe(0);
    for (const key of ['a', 'b', 'c']) cache.warm(key, () => Promise.resolve(sections(key)));
    expect(cache.size).toBe(2);
    expect(cache.take('a')).toBeUndefined();
    expect(await cache.take('c')).toMatchObject({ timeline: { items: [{ id: 'c' }] } });
  });
});
