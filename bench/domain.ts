/**
 * The catalog and pricing rules at catalog scale, beside hand-written loops on plain arrays that do
 * the same arithmetic, in the same run:
 * - `offersFor` for one customer on one channel over a 2,000-offering catalog;
 * - `priceCart` for a 20-item cart over the same catalog.
 * Before measuring, both sides are run once and must agree on every price, so the baseline is the
 * same work and not a shortcut.
 *
 * `npm run bench -- domain [durationMs]`
 */
import { buildCatalogSnapshot } from '../src/domain/catalog/catalog-snapshot';
import type { CatalogData } from '../src/domain/catalog/catalog-index';
import type { CustomerContext } from '../src/domain/catalog/customer-context';
import type { DiscountTerms } from '../src/domain/catalog/discount';
import type { ProductOffering } from '../src/domain/catalog/product-offering';
import type { ProductOfferingPrice } from '../src/domain/catalog/product-offering-price';
import type { ProductSpecification } from '../src/domain/catalog/product-specification';
import type { Promotion } from '../src/domain/catalog/promotion';
import { priceCart } from '../src/domain/commerce/pricing';
import type { CartItemInput } from '../src/domain/commerce/pricing';
import type { Channel } from '../src/domain/shared/channel';
import { channels } from '../src/domain/shared/channel';
import type { Row } from './lib';
import { measureThroughput, printTable } from './lib';

const OFFERINGS = 2_000;
const CART_ITEMS = 20;
const lastUpdate = '2026-01-01T00:00:00Z';
const now = new Date('2026-07-15T10:00:00Z');
const channel: Channel = 'selfcare';
const campaignId = 'cmp-bench';
const dataSizes = [5, 10, 20];

const offeringId = (i: number) => `po-${String(i).padStart(5, '0')}`;
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

type Kind = 'plan' | 'data' | 'roaming' | 'promo';
const kindOf = (i: number): Kind => (['plan', 'data', 'roaming', 'promo'] as const)[i % 4]!;

/** Three distinct rules, as real catalogs reuse a handful of conditions across many offerings. */
const rules: Array<Record<string, unknown>> = [
  {},
  { segment: 'consumer' },
  { segment: 'consumer', tenureMonths: { $gte: 6 } },
];

function generateCatalog(): CatalogData {
  const specifications: ProductSpecification[] = [
    {
      id: 'ps-data',
      name: 'Data add-on',
      version: '1.0',
      lastUpdate,
      lifecycleStatus: 'Launched',
      productSpecCharacteristic: [
        {
          name: 'dataSize',
          valueType: 'integer',
          configurable: true,
          productSpecCharacteristicValue: dataSizes.map((value, index) => ({
            value,
            isDefault: index === 0,
            unitOfMeasure: 'GB',
          })),
        },
      ],
    },
  ];
  const prices: ProductOfferingPrice[] = [];
  const offerings: ProductOffering[] = [];
  const price = (
    id: string,
    amount: number,
    recurring: boolean,
    extra: Partial<ProductOfferingPrice> = {},
  ) => {
    prices.push({
      id,
      name: recurring ? 'Monthly fee' : 'One-off fee',
      version: '1.0',
      lastUpdate,
      lifecycleStatus: 'Launched',
      priceType: recurring ? 'recurring' : 'oneTime',
      ...(recurring ? { recurringChargePeriodType: 'month' as const } : {}),
      price: { taxIncludedAmount: gbp(amount), taxRate: 20 },
      ...extra,
    });
    return { id };
  };
  for (let i = 0; i < OFFERINGS; i++) {
    const id = offeringId(i);
    const kind = kindOf(i);
    const refs =
      kind === 'data'
        ? dataSizes.map((size, index) =>
            price(`${id}-${size}gb`, 300 + index * 250 + (i % 7), true, {
              prodSpecCharValueUse: [
                { name: 'dataSize', productSpecCharacteristicValue: [{ value: size }] },
              ],
            }),
          )
        : kind === 'roaming'
          ? [price(`${id}-pass`, 750 + (i % 11), false)]
          : [
              price(`${id}-monthly`, 1000 + (i % 37) * 50, true),
              ...(i % 8 === 0 ? [price(`${id}-connection`, 1000, false)] : []),
            ];
    const alteration =
      kind === 'promo' || kind === 'data'
        ? [
            {
              channel: 'selfcare' as const,
              kind: 'percent' as const,
              value: kind === 'promo' ? 20 : 10,
              appliesTo: 'recurring' as const,
              name: 'Self-care discount',
            },
          ]
        : [];
    offerings.push({
      id,
      name: `${kind} ${i}`,
      version: '1.0',
      lastUpdate,
      lifecycleStatus: i % 50 === 49 ? 'Retired' : 'Launched',
      isBundle: false,
      bundledProductOffering: [],
      ...(kind === 'data' ? { productSpecification: { id: 'ps-data' } } : {}),
      productOfferingPrice: refs,
      category: [],
      channelRules: {
        sellableOn: i % 10 === 3 ? ['agent'] : [...channels],
        visibleOn: [...channels],
        priceAlterations: i % 10 === 3 ? [] : alteration,
      },
      eligibility: rules[i % rules.length]!,
      compatibility: {
        requires: kind === 'plan' ? [] : [offeringId(0), offeringId(4)],
        excludes: [],
      },
    });
  }
  const promotions: Promotion[] = [];
  for (let p = 0; p < 100; p++) {
    promotions.push({
      id: `promo-${String(p).padStart(3, '0')}`,
      name: `Promotion ${p}`,
      offeringIds: [1, 3, 5, 7, 9].map((k) => offeringId(p * 20 + k)),
      discount:
        p % 2 === 0
          ? { kind: 'percent', value: 10, appliesTo: 'recurring' }
          : { kind: 'amount', value: 100, appliesTo: 'recurring' },
      validFor: { startDateTime: '2026-06-01T00:00:00Z', endDateTime: '2026-09-01T00:00:00Z' },
      ...(p % 3 === 0 ? { campaignId } : {}),
    });
  }
  return { offerings, prices, specifications, promotions };
}

const customer: CustomerContext = {
  customerId: 'cust-bench',
  segment: 'consumer',
  currentPlanIds: [offeringId(0)],
  subscriptionOfferingIds: [offeringId(0)],
  tenureMonths: 12,
  region: 'GB',
  campaignIds: [campaignId],
  language: 'en-GB',
};

function cartItems(): CartItemInput[] {
  const items: CartItemInput[] = [];
  for (let k = 0; items.length < CART_ITEMS; k++) {
    const i = 5 + k * 97;
    if (kindOf(i) === 'plan' && i % 50 === 49) continue;
    items.push({
      id: `item-${k}`,
      offeringId: offeringId(i),
      action: 'add',
      quantity: 1 + (k % 3),
      characteristics: kindOf(i) === 'data' ? { dataSize: dataSizes[k % 3]! } : {},
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Baseline: the same decisions and arithmetic written directly against plain arrays.

interface PlainPrice {
  id: string;
  recurring: boolean;
  amount: number;
  sellable: boolean;
  dataSize: number | undefined;
}

interface PlainOffering {
  id: string;
  sellable: boolean;
  start: number;
  end: number;
  visibleOn: Channel[];
  sellableOn: Channel[];
  rule: number;
  requires: string[];
  alterations: Array<{ channel: Channel; terms: DiscountTerms }>;
  prices: PlainPrice[];
  promotions: Array<{
    id: string;
    terms: DiscountTerms;
    start: number;
    end: number;
    campaignId: string | undefined;
  }>;
  configurable: boolean;
}

function toPlain(data: CatalogData): Map<string, PlainOffering> {
  const pricesById = new Map(data.prices.map((price) => [price.id, price]));
  const plain = new Map<string, PlainOffering>();
  for (const [index, offering] of data.offerings.entries()) {
    plain.set(offering.id, {
      id: offering.id,
      sellable: offering.lifecycleStatus === 'Launched' || offering.lifecycleStatus === 'Active',
      start: -Infinity,
      end: Infinity,
      visibleOn: offering.channelRules.visibleOn,
      sellableOn: offering.channelRules.sellableOn,
      rule: index % rules.length,
      requires: offering.compatibility.requires,
      alterations: offering.channelRules.priceAlterations.map((alteration) => ({
        channel: alteration.channel,
        terms: alteration,
      })),
      prices: offering.productOfferingPrice.map((ref) => {
        const price = pricesById.get(ref.id)!;
        const use = price.prodSpecCharValueUse?.[0]?.productSpecCharacteristicValue[0]?.value;
        return {
          id: price.id,
          recurring: price.priceType === 'recurring',
          amount: price.price?.taxIncludedAmount.amount ?? 0,
          sellable: price.lifecycleStatus === 'Launched',
          dataSize: typeof use === 'number' ? use : undefined,
        };
      }),
      promotions: [],
      configurable: offering.productSpecification !== undefined,
    });
  }
  for (const promotion of data.promotions) {
    for (const id of promotion.offeringIds) {
      plain.get(id)?.promotions.push({
        id: promotion.id,
        terms: promotion.discount,
        start: Date.parse(promotion.validFor.startDateTime),
        end: Date.parse(promotion.validFor.endDateTime),
        campaignId: promotion.campaignId,
      });
    }
  }
  return plain;
}

function eligible(rule: number, who: CustomerContext): boolean {
  if (rule === 0) return true;
  if (rule === 1) return who.segment === 'consumer';
  return who.segment === 'consumer' && who.tenureMonths >= 6;
}

function reduce(amount: number, terms: DiscountTerms): number {
  const requested =
    terms.kind === 'percent' ? Math.round((amount * terms.value) / 100) : terms.value;
  return amount - Math.max(0, Math.min(requested, amount));
}

/** Unit charges of one offering on the channel: [oneTime, recurring]. */
function plainPrice(
  offering: PlainOffering,
  dataSize: number | undefined,
  nowMs: number,
  campaigns: Set<string>,
): [number, number] | undefined {
  const discounts: DiscountTerms[] = [];
  for (const alteration of offering.alterations)
    if (alteration.channel === channel) discounts.push(alteration.terms);
  const promotions = offering.promotions
    .filter(
      (p) =>
        nowMs >= p.start &&
        nowMs < p.end &&
        (p.campaignId === undefined || campaigns.has(p.campaignId)),
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const promotion of promotions) discounts.push(promotion.terms);
  let oneTime = 0;
  let recurring = 0;
  let found = false;
  for (const price of offering.prices) {
    if (!price.sellable || (price.dataSize !== undefined && price.dataSize !== dataSize)) continue;
    found = true;
    let amount = price.amount;
    for (const terms of discounts) {
      if (terms.appliesTo === 'all' || (terms.appliesTo === 'recurring') === price.recurring)
        amount = reduce(amount, terms);
    }
    if (price.recurring) recurring += amount;
    else oneTime += amount;
  }
  return found ? [oneTime, recurring] : undefined;
}

function baselineOffers(catalog: Map<string, PlainOffering>, who: CustomerContext, nowMs: number) {
  const held = new Set([...who.currentPlanIds, ...who.subscriptionOfferingIds]);
  const campaigns = new Set(who.campaignIds);
  const offered: Array<{ id: string; oneTime: number; recurring: number }> = [];
  const notOffered: string[] = [];
  for (const offering of catalog.values()) {
    const ok =
      offering.sellable &&
      nowMs >= offering.start &&
      nowMs < offering.end &&
      offering.visibleOn.includes(channel) &&
      offering.sellableOn.includes(channel) &&
      !held.has(offering.id) &&
      eligible(offering.rule, who) &&
      (offering.requires.length === 0 || offering.requires.some((id) => held.has(id)));
    const price = ok
      ? plainPrice(offering, offering.configurable ? dataSizes[0] : undefined, nowMs, campaigns)
      : undefined;
    if (price) offered.push({ id: offering.id, oneTime: price[0], recurring: price[1] });
    else notOffered.push(offering.id);
  }
  return { offered, notOffered };
}

function baselineCart(
  catalog: Map<string, PlainOffering>,
  items: CartItemInput[],
  who: CustomerContext,
  nowMs: number,
) {
  const campaigns = new Set(who.campaignIds);
  let oneTime = 0;
  let recurring = 0;
  for (const item of items) {
    const offering = catalog.get(item.offeringId)!;
    const size = item.characteristics.dataSize;
    const price = plainPrice(
      offering,
      offering.configurable ? Number(size ?? dataSizes[0]) : undefined,
      nowMs,
      campaigns,
    )!;
    oneTime += price[0] * item.quantity;
    recurring += price[1] * item.quantity;
  }
  return { oneTime, recurring };
}

// ---------------------------------------------------------------------------------------------

function assertSameResults(data: CatalogData, items: CartItemInput[]): void {
  const snapshot = buildCatalogSnapshot(data);
  const plain = toPlain(data);
  const domain = snapshot.offersFor({ channel, customer, now }).flatMap((decision) =>
    decision.offered
      ? [
          {
            id: decision.offering.id,
            oneTime: decision.price.oneTime.amount,
            recurring: decision.price.recurring.amount,
          },
        ]
      : [],
  );
  const baseline = baselineOffers(plain, customer, now.getTime()).offered;
  if (JSON.stringify(domain) !== JSON.stringify(baseline)) {
    throw new Error('offersFor and its baseline disagree: the baseline is not the same work');
  }
  const cart = priceCart({ items, channel, customer, now, snapshot });
  const plainCart = baselineCart(plain, items, customer, now.getTime());
  if (
    cart.totals.oneTime.amount !== plainCart.oneTime ||
    cart.totals.recurring.amount !== plainCart.recurring
  ) {
    throw new Error(
      `priceCart ${JSON.stringify(cart.totals)} and its baseline ${JSON.stringify(plainCart)} disagree`,
    );
  }
  console.log(
    `checked: ${domain.length} of ${OFFERINGS} offerings offered on ${channel}; cart of ${items.length} items = ` +
      `${cart.totals.recurring.amount} p/month + ${cart.totals.oneTime.amount} p once, same on both sides`,
  );
}

export async function run(args: string[]): Promise<void> {
  const duration = Number(args[0] ?? 2000);
  const data = generateCatalog();
  const items = cartItems();
  assertSameResults(data, items);

  const buildStarted = performance.now();
  const snapshot = buildCatalogSnapshot(data);
  console.log(
    `snapshot build for ${OFFERINGS} offerings: ${(performance.now() - buildStarted).toFixed(1)} ms`,
  );
  const plain = toPlain(data);
  const nowMs = now.getTime();

  const offersDomain = await measureThroughput(
    () => snapshot.offersFor({ channel, customer, now }),
    duration,
  );
  const offersBaseline = await measureThroughput(
    () => baselineOffers(plain, customer, nowMs),
    duration,
  );
  const cartDomain = await measureThroughput(
    () => priceCart({ items, channel, customer, now, snapshot }),
    duration,
  );
  const cartBaseline = await measureThroughput(
    () => baselineCart(plain, items, customer, nowMs),
    duration,
  );

  const rows: Row[] = [
    {
      figure: `offersFor, ${OFFERINGS.toLocaleString('en-US')} offerings`,
      value: offersDomain.perSecond,
      unit: 'ops/s',
      baselineName: 'plain-array loop',
      baseline: offersBaseline.perSecond,
      target: '<= 3x',
    },
    {
      figure: `priceCart, ${CART_ITEMS} items`,
      value: cartDomain.perSecond,
      unit: 'ops/s',
      baselineName: 'plain-array loop',
      baseline: cartBaseline.perSecond,
      target: '<= 3x',
    },
  ];
  printTable('Catalog offers and cart pricing vs hand-written loops on plain arrays', rows);
}
