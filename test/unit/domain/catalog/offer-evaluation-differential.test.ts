/**
 * The offer rules have two paths in src/domain/catalog/offer-evaluation.ts: the cached, bit-mask
 * path production takes (`evaluateOffering`, `configuredChannelPrice`) and the plain reference path
 * (`evaluateOfferingReference`, `channelPriceFor` of `resolveCharacteristics`). This test generates
 * catalogs, customers, carts, channels and dates from a seeded pseudo-random source and checks that
 * both paths give the same decisions, reasons and prices, in any order of requests (the cached path
 * is warmed by whatever was asked before). A failure names the seed, so it can be replayed alone.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  indexOffering,
  indexPrice,
  indexPromotion,
} from '../../../../src/domain/catalog/catalog-index';
import type {
  CatalogData,
  IndexedOffering,
  IndexedPromotion,
} from '../../../../src/domain/catalog/catalog-index';
import { buildCatalogSnapshot } from '../../../../src/domain/catalog/catalog-snapshot';
import { resolveCharacteristics } from '../../../../src/domain/catalog/characteristics';
import type { CustomerContext } from '../../../../src/domain/catalog/customer-context';
import type { DiscountTerms } from '../../../../src/domain/catalog/discount';
import {
  channelPriceFor,
  configuredChannelPrice,
  evaluateOffering,
  evaluateOfferingReference,
  prepareRequest,
} from '../../../../src/domain/catalog/offer-evaluation';
import type { OfferRequest } from '../../../../src/domain/catalog/offer-evaluation';
import type { ProductOffering } from '../../../../src/domain/catalog/product-offering';
import { hasAmount } from '../../../../src/domain/catalog/product-offering-price';
import type { ProductOfferingPrice } from '../../../../src/domain/catalog/product-offering-price';
import type {
  CharacteristicValue,
  ProductSpecification,
} from '../../../../src/domain/catalog/product-specification';
import type { Promotion } from '../../../../src/domain/catalog/promotion';
import type { LifecycleStatus } from '../../../../src/domain/catalog/tmf-common';
import { channels } from '../../../../src/domain/shared/channel';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const chance = (p: number): boolean => next() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const subset = <T>(items: readonly T[], p = 0.5): T[] => items.filter(() => chance(p));
  return { next, int, chance, pick, subset };
}
type Random = ReturnType<typeof random>;

const day = 86_400_000;
const t0 = Date.parse('2025-07-01T00:00:00Z');
/** Window bounds come from these instants, and so do request dates (on, just before and just after). */
const instants = [0, 1, 2, 3, 4, 5].map((k) => t0 + k * day);
const iso = (ms: number) => new Date(ms).toISOString();
const lastUpdate = '2025-06-01T00:00:00Z';
const statuses: LifecycleStatus[] = ['Launched', 'Active', 'Launched', 'Retired', 'In design'];
const campaigns = ['cmp-a', 'cmp-b', 'cmp-c'];
const regions = ['GB', 'IE', 'FR'];

function window(r: Random, closed = false): { startDateTime?: string; endDateTime?: string } {
  const a = r.int(0, instants.length - 2);
  const b = r.int(a + 1, instants.length - 1);
  if (closed) return { startDateTime: iso(instants[a]!), endDateTime: iso(instants[b]!) };
  const shape = r.int(0, 3);
  if (shape === 0) return {};
  if (shape === 1) return { startDateTime: iso(instants[a]!) };
  if (shape === 2) return { endDateTime: iso(instants[b]!) };
  return { startDateTime: iso(instants[a]!), endDateTime: iso(instants[b]!) };
}

function discountTerms(r: Random): DiscountTerms {
  if (r.chance(0.5)) {
    return {
      kind: 'percent',
      value: r.pick([5, 10, 20, 50, 100]),
      appliesTo: r.pick(['oneTime', 'recurring', 'all']),
    };
  }
  return {
    kind: 'amount',
    value: r.pick([1, 100, 250, 5000]),
    appliesTo: r.pick(['oneTime', 'recurring']),
  };
}

const eligibilityRules: Array<[Record<string, unknown>, string | undefined]> = [
  [{}, undefined],
  [{}, undefined],
  [{ segment: 'consumer' }, 'for consumer customers'],
  [{ segment: 'business' }, undefined],
  [{ tenureMonths: { $gte: 6 } }, 'after six months'],
  [{ region: { $in: ['IE', 'FR'] } }, 'in Ireland and France'],
  [{ campaignIds: 'cmp-a' }, 'for the A campaign'],
  [{ 'attributes.creditClass': 'A', tenureMonths: { $lt: 24 } }, undefined],
];

function specification(r: Random, index: number): ProductSpecification {
  const characteristics = r.subset(['size', 'speed', 'colour'], 0.6);
  if (characteristics.length === 0) characteristics.push('size');
  return {
    id: `ps-${index}`,
    name: `Spec ${index}`,
    version: '1.0',
    lastUpdate,
    lifecycleStatus: 'Launched',
    productSpecCharacteristic: characteristics.map((name) => {
      const valueType = name === 'colour' ? 'string' : 'integer';
      const pool: CharacteristicValue[] =
        valueType === 'string' ? ['red', 'blue', 'green'] : [10, 20, 50];
      const values = r.subset(pool, 0.7);
      const withDefault = r.chance(0.8) && values.length > 0;
      const defaultIndex = withDefault ? r.int(0, values.length - 1) : -1;
      return {
        name,
        valueType,
        configurable: r.chance(0.7),
        productSpecCharacteristicValue: values.map((value, at) => ({
          value,
          isDefault: at === defaultIndex,
        })),
      };
    }),
  };
}

function catalog(r: Random): CatalogData {
  const specifications = Array.from({ length: r.int(0, 3) }, (_, index) => specification(r, index));
  const offeringCount = r.int(2, 9);
  const offeringIds = Array.from({ length: offeringCount }, (_, index) => `po-${index}`);
  // Customers hold legacy plans no longer in the catalog: requires/excludes may name them.
  const referable = [...offeringIds, 'po-legacy'];
  const prices: ProductOfferingPrice[] = [];
  const offerings: ProductOffering[] = offeringIds.map((id, index) => {
    const spec = specifications.length > 0 && r.chance(0.6) ? r.pick(specifications) : undefined;
    // Now and then more prices than a bit mask holds, to take the offering off the cached path.
    const priceCount = r.chance(0.04) ? 16 : r.int(0, 4);
    const priceRefs: { id: string }[] = [];
    for (let p = 0; p < priceCount; p++) {
      const priceId = `pop-${index}-${p}`;
      const priceType = r.pick(['recurring', 'recurring', 'oneTime', 'usage'] as const);
      const uses =
        spec && r.chance(0.6)
          ? r
              .subset(spec.productSpecCharacteristic, 0.7)
              .filter((c) => c.productSpecCharacteristicValue.length > 0)
              .map((c) => ({
                name: c.name,
                productSpecCharacteristicValue: r
                  .subset(c.productSpecCharacteristicValue, 0.6)
                  .map((entry) => ({ value: r.chance(0.2) ? String(entry.value) : entry.value })),
              }))
              .filter((use) => use.productSpecCharacteristicValue.length > 0)
          : [];
      prices.push({
        id: priceId,
        name: `Price ${index}.${p}`,
        version: '1.0',
        lastUpdate,
        lifecycleStatus: r.pick(statuses),
        priceType,
        ...(priceType === 'recurring' ? { recurringChargePeriodType: 'month' as const } : {}),
        ...(priceType === 'usage' ? { unitOfMeasure: { amount: 1, units: 'MB' } } : {}),
        ...(r.chance(0.3) ? { validFor: window(r) } : {}),
        price: {
          taxIncludedAmount: { amount: r.pick([0, 1, 99, 500, 799, 2999]), currency: 'GBP' },
        },
        ...(uses.length > 0 ? { prodSpecCharValueUse: uses } : {}),
      });
      priceRefs.push({ id: priceId });
    }
    const visibleOn = r.subset(channels, 0.7);
    // Mostly sellable only where visible (the schema's rule), sometimes not, as stored data may be.
    const sellableOn = r.subset(r.chance(0.9) ? visibleOn : channels, 0.7);
    const priceAlterations = r.subset(sellableOn, 0.3).flatMap((channel) =>
      Array.from({ length: r.int(1, 2) }, (_, n) => ({
        channel,
        name: `${channel} offer ${n}`,
        ...(r.chance(0.5) ? { description: 'Cheaper here.' } : {}),
        ...discountTerms(r),
      })),
    );
    const [eligibility, eligibilityDescription] = r.pick(eligibilityRules);
    const requires = r.chance(0.4)
      ? r.subset(
          referable.filter((other) => other !== id),
          0.3,
        )
      : [];
    const excludes = r.chance(0.3)
      ? r.subset(
          referable.filter((other) => other !== id && !requires.includes(other)),
          0.25,
        )
      : [];
    return {
      id,
      name: `Offer ${index}`,
      version: '1.0',
      lastUpdate,
      lifecycleStatus: r.pick(statuses),
      isBundle: false,
      bundledProductOffering: [],
      ...(r.chance(0.3) ? { validFor: window(r) } : {}),
      ...(spec ? { productSpecification: { id: spec.id } } : {}),
      productOfferingPrice: priceRefs,
      category: [],
      channelRules: { visibleOn, sellableOn, priceAlterations },
      eligibility,
      ...(eligibilityDescription ? { eligibilityDescription } : {}),
      compatibility: { requires, excludes },
    };
  });
  const promotions: Promotion[] = [];
  const promotionCount = r.int(0, 4);
  for (let p = 0; p < promotionCount; p++) {
    promotions.push({
      // Ids out of creation order, so sorting by id matters.
      id: `promo-${r.int(0, 99)}-${p}`,
      name: `Promotion ${p}`,
      ...(r.chance(0.5) ? { description: 'For a while.' } : {}),
      offeringIds: [r.pick(offeringIds), ...r.subset(offeringIds, 0.3)].filter(
        (value, at, all) => all.indexOf(value) === at,
      ),
      discount: discountTerms(r),
      validFor: window(r, true) as { startDateTime: string; endDateTime: string },
      ...(r.chance(0.4) ? { campaignId: r.pick(campaigns) } : {}),
      ...(r.chance(0.4)
        ? {
            channels: [r.pick(channels), ...r.subset(channels, 0.3)].filter(
              (value, at, all) => all.indexOf(value) === at,
            ),
          }
        : {}),
    });
  }
  if (r.chance(0.04)) {
    // More promotions on one offering than a bit mask holds.
    for (let p = 0; p < 16; p++) {
      promotions.push({
        id: `promo-many-${p}`,
        name: `Many ${p}`,
        offeringIds: [offeringIds[0]!],
        discount: { kind: 'percent', value: 1, appliesTo: 'all' },
        validFor: window(r, true) as { startDateTime: string; endDateTime: string },
      });
    }
  }
  return { offerings, prices, specifications, promotions };
}

function customer(r: Random, data: CatalogData): CustomerContext {
  const ids = [...data.offerings.map((offering) => offering.id), 'po-legacy'];
  const currentPlanIds = r.subset(ids, 0.15);
  const subscriptionOfferingIds = [
    ...currentPlanIds,
    ...r.subset(
      ids.filter((id) => !currentPlanIds.includes(id)),
      0.1,
    ),
  ];
  return {
    ...(r.chance(0.7) ? { customerId: `cust-${r.int(1, 50)}` } : {}),
    segment: r.pick(['consumer', 'consumer', 'business'] as const),
    currentPlanIds,
    subscriptionOfferingIds,
    tenureMonths: r.pick([0, 3, 6, 12, 30]),
    region: r.pick(regions),
    campaignIds: r.subset(campaigns, 0.3),
    language: 'en-GB',
    ...(r.chance(0.5) ? { attributes: { creditClass: r.pick(['A', 'B']) } } : {}),
  };
}

function request(r: Random, data: CatalogData, customers: CustomerContext[]): OfferRequest {
  const ids = [...data.offerings.map((offering) => offering.id), 'po-legacy'];
  const at = r.pick(instants) + r.pick([-1, 0, 0, 1, 12 * 3_600_000]);
  return {
    channel: r.pick(channels),
    customer: r.pick(customers),
    now: new Date(at),
    ...(r.chance(0.3) ? { campaignId: r.pick(campaigns) } : {}),
    ...(r.chance(0.4) ? { cart: r.subset(ids, 0.25) } : {}),
  };
}

/** What a configuration request asks for: valid values, text for numbers, unknown names and values. */
function requestedConfiguration(
  r: Random,
  specification: ProductSpecification | undefined,
): Record<string, CharacteristicValue> {
  const requested: Record<string, CharacteristicValue> = {};
  for (const characteristic of specification?.productSpecCharacteristic ?? []) {
    if (r.chance(0.4)) continue;
    const values = characteristic.productSpecCharacteristicValue.map((entry) => entry.value);
    const value = values.length > 0 && r.chance(0.85) ? r.pick(values) : r.pick([30, 'purple', '']);
    requested[characteristic.name] = r.chance(0.3) ? String(value) : value;
  }
  if (r.chance(0.05)) requested['unknown'] = 1;
  return requested;
}

/** The catalog indexed as the snapshot indexes it, held apart so no cache is shared with it. */
function referenceIndex(data: CatalogData): {
  byId: Map<string, IndexedOffering>;
  list: IndexedOffering[];
  nameOf: (id: string) => string;
} {
  const promotionsByOffering = new Map<string, IndexedPromotion[]>();
  for (const promotion of data.promotions) {
    const indexed = indexPromotion(promotion);
    for (const offeringId of promotion.offeringIds) {
      promotionsByOffering.set(offeringId, [
        ...(promotionsByOffering.get(offeringId) ?? []),
        indexed,
      ]);
    }
  }
  const excludedByOthers = new Map<string, string[]>();
  for (const offering of data.offerings) {
    for (const excludedId of offering.compatibility.excludes) {
      excludedByOthers.set(excludedId, [...(excludedByOthers.get(excludedId) ?? []), offering.id]);
    }
  }
  const lookups = {
    specifications: new Map(data.specifications.map((spec) => [spec.id, spec])),
    prices: new Map(data.prices.filter(hasAmount).map((price) => [price.id, indexPrice(price)])),
    promotionsByOffering,
    excludedByOthers,
  };
  const list = data.offerings.map((offering) => indexOffering(offering, lookups));
  const byId = new Map(list.map((entry) => [entry.offering.id, entry]));
  return { byId, list, nameOf: (id) => byId.get(id)?.offering.name ?? id };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; code: unknown; message: string };

function attempt<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    const failure = error as { code?: unknown; message?: string };
    return { ok: false, code: failure.code, message: failure.message ?? String(error) };
  }
}

const catalogsToGenerate = 400;
const requestsPerCatalog = 24;

describe('the cached offer evaluation against the reference evaluation, over generated catalogs', () => {
  it('gives the same decisions, reasons and prices for every generated request', () => {
    let decisions = 0;
    let offered = 0;
    let configurations = 0;
    let uncachedOfferings = 0;
    for (let seed = 1; seed <= catalogsToGenerate; seed++) {
      const r = random(seed);
      const data = catalog(r);
      const snapshot = buildCatalogSnapshot(data);
      // The snapshot's own index is private; the cached path is driven through a second index of
      // the same data built the snapshot's way, and the snapshot answers offersFor/offerFor.
      const cached = referenceIndex(data);
      const reference = referenceIndex(data);
      uncachedOfferings += reference.list.filter((entry) => !entry.maskable).length;
      const customers = Array.from({ length: 4 }, () => customer(r, data));
      for (let n = 0; n < requestsPerCatalog; n++) {
        const offerRequest = request(r, data, customers);
        const context = `seed ${seed}, request ${n}: ${JSON.stringify(offerRequest)}`;
        const expected = reference.list.map((entry) =>
          evaluateOfferingReference(entry, prepareRequest(offerRequest), reference.nameOf),
        );
        const fromSnapshot = snapshot.offersFor(offerRequest);
        const prepared = prepareRequest(offerRequest);
        const fromCache = cached.list.map((entry) =>
          evaluateOffering(entry, prepared, cached.nameOf),
        );
        if (!isEqual(fromSnapshot, expected) || !isEqual(fromCache, expected)) {
          expect({ context, decisions: fromSnapshot }).toEqual({ context, decisions: expected });
        }
        const single = r.pick(data.offerings).id;
        const one = snapshot.offerFor(single, offerRequest);
        if (!isEqual(one, expected[data.offerings.findIndex((o) => o.id === single)])) {
          expect({ context, single, one }).toEqual({
            context,
            single,
            one: expected[data.offerings.findIndex((o) => o.id === single)],
          });
        }
        decisions += expected.length;
        offered += expected.filter((decision) => decision.offered).length;

        for (const entry of cached.list) {
          if (!r.chance(0.5)) continue;
          const referenceEntry = reference.byId.get(entry.offering.id)!;
          const requested = requestedConfiguration(r, entry.specification);
          const fast = attempt(() => {
            const result = configuredChannelPrice(entry, requested, {
              prepared: () => prepareRequest(offerRequest),
            });
            return { characteristics: result.characteristics, price: result.price };
          });
          const slow = attempt(() => {
            const characteristics = resolveCharacteristics(
              referenceEntry.offering.name,
              referenceEntry.specification,
              requested,
            );
            return {
              characteristics,
              price: channelPriceFor(referenceEntry, characteristics, prepareRequest(offerRequest)),
            };
          });
          if (!isEqual(fast, slow)) {
            expect({ context, offering: entry.offering.id, requested, fast }).toEqual({
              context,
              offering: entry.offering.id,
              requested,
              fast: slow,
            });
          }
          configurations++;
        }
      }
    }
    // The generator reaches every kind of outcome, not just refusals.
    expect(decisions).toBeGreaterThan(20_000);
    expect(offered).toBeGreaterThan(1_000);
    expect(configurations).toBeGreaterThan(10_000);
    expect(uncachedOfferings).toBeGreaterThan(0);
  });
});

/** Strict deep equality (cheap per case); a mismatch is then reported through toEqual's diff. */
function isEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
