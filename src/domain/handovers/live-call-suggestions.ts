import type { CatalogSnapshot } from '../catalog/catalog-snapshot';
import type { ChannelPrice } from '../catalog/channel-price';
import type { OfferDecision, OfferRequest } from '../catalog/offer-evaluation';
import type { ProductOffering } from '../catalog/product-offering';
import { toMajorUnits } from '../shared/money';
import type { Money } from '../shared/money';
import type { LiveNeed, LiveSuggestion } from './live-call';

/** A suggestion before it is stored: the call gives it an id, a status and a time. */
export type SuggestionDraft = Omit<LiveSuggestion, 'id' | 'status' | 'suggestedAt' | 'decidedAt'>;

export interface SuggestionInput {
  needs: readonly LiveNeed[];
  snapshot: CatalogSnapshot;
  /** The agent-channel request her decisions were made for; prices configurations the same way. */
  request: OfferRequest;
  /** Every offering on the agent channel for her, offered or not (the one eligibility and price). */
  decisions: readonly OfferDecision[];
  /** Offers from campaigns texted to her, each priced with its campaign. */
  texted: ReadonlyArray<{ campaignId: string; decision: OfferDecision }>;
  /** Her current plan at the agent-channel price, when she has one. */
  currentPlan?: { offeringId: string; name: string; recurring: Money; allowanceGb?: number };
  /** What she uses a month, in GB, when the operator knows it. */
  monthlyUseGb?: number;
  /** Offerings not to suggest: already suggested on this call, in her cart, or hers already. */
  exclude: ReadonlySet<string>;
}

type Offered = Extract<OfferDecision, { offered: true }>;

const formatters = new Map<string, Intl.NumberFormat>();

/** "£7.50": en-GB, the currency's own symbol. */
export function moneyWords(value: Money): string {
  let formatter = formatters.get(value.currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-GB', { style: 'currency', currency: value.currency });
    formatters.set(value.currency, formatter);
  }
  return formatter.format(toMajorUnits(value));
}

/** "£5.00 a month", "£7.50 one-off", or both. */
export function priceWords(price: { recurring: Money; oneTime: Money }): string {
  const parts: string[] = [];
  if (price.recurring.amount > 0) parts.push(`${moneyWords(price.recurring)} a month`);
  if (price.oneTime.amount > 0) parts.push(`${moneyWords(price.oneTime)} one-off`);
  return parts.length > 0 ? parts.join(' plus ') : 'free';
}

const textOf = (offering: ProductOffering) =>
  `${offering.name} ${offering.description ?? ''}`.toLowerCase();

function isRoaming(offering: ProductOffering): boolean {
  return /\b(roam\w*|travel\w*|abroad)\b/.test(textOf(offering));
}

function isPlan(offering: ProductOffering): boolean {
  return offering.category.some((category) => /^plans?\b/i.test(category.name ?? ''));
}

/** The data size characteristic of an add-on (Data Boost's dataSize), with its sizes in GB. */
function dataSizesOf(snapshot: CatalogSnapshot, offeringId: string) {
  const characteristic = snapshot
    .specificationOf(offeringId)
    ?.productSpecCharacteristic.find(
      (entry) =>
        /data/i.test(entry.name) &&
        entry.configurable &&
        entry.productSpecCharacteristicValue.every((value) => typeof value.value === 'number'),
    );
  if (!characteristic) return undefined;
  const sizes = characteristic.productSpecCharacteristicValue
    .map((value) => value.value as number)
    .sort((a, b) => a - b);
  return sizes.length > 0 ? { name: characteristic.name, sizes } : undefined;
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return trimmed ? `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.` : '';
}

function draft(
  need: LiveNeed,
  decision: Offered,
  reason: string,
  price: ChannelPrice = decision.price,
  characteristics: Record<string, string | number> = {},
  campaignId?: string,
): SuggestionDraft {
  return {
    need: need.kind,
    offeringId: decision.offering.id,
    name: decision.offering.name,
    characteristics,
    price: { recurring: price.recurring, oneTime: price.oneTime },
    reason,
    ...(campaignId ? { campaignId } : {}),
  };
}

/**
 * The offers that answer what she said, at most one per need, each one she may buy on the agent
 * channel now (the catalog's eligibility decided it) at its agent-channel price, with the reason in
 * words the agent can repeat. Pure: the caller loads the decisions and stores what comes back.
 */
export function suggestForNeeds(input: SuggestionInput): SuggestionDraft[] {
  const offered = input.decisions.filter(
    (decision): decision is Offered => decision.offered && !input.exclude.has(decision.offering.id),
  );
  const taken = new Set<string>();
  const out: SuggestionDraft[] = [];
  const add = (suggestion: SuggestionDraft | undefined) => {
    if (!suggestion || taken.has(suggestion.offeringId)) return;
    taken.add(suggestion.offeringId);
    out.push(suggestion);
  };
  for (const need of input.needs) {
    const free = offered.filter((decision) => !taken.has(decision.offering.id));
    if (need.kind === 'roaming') add(roaming(need, free));
    else if (need.kind === 'more-data') add(moreData(need, free, input));
    else if (need.kind === 'cheaper-plan') add(cheaperPlan(need, free, input));
    else if (need.kind === 'promotion') add(promotion(need, input, taken));
    else if (need.kind === 'asked') add(asked(need, free));
  }
  return out;
}

function roaming(need: LiveNeed, offered: readonly Offered[]): SuggestionDraft | undefined {
  const passes = offered.filter((decision) => isRoaming(decision.offering));
  // "Spain" is in Europe: a pass that names Europe beats one that does not.
  const european = need.destination && EUROPE.has(need.destination.toLowerCase());
  const pass =
    (european && passes.find((decision) => /europe/.test(textOf(decision.offering)))) || passes[0];
  if (!pass) return undefined;
  const trip = need.destination
    ? `She is going to ${need.destination}${need.when ? ` ${need.when}` : ''}`
    : `She is travelling abroad${need.when ? ` ${need.when}` : ''}`;
  const what = pass.offering.description ? ` ${sentence(pass.offering.description)}` : '';
  return draft(
    need,
    pass,
    `${trip}. ${pass.offering.name}:${what} ${sentence(priceWords(pass.price))}`,
  );
}

function moreData(
  need: LiveNeed,
  offered: readonly Offered[],
  input: SuggestionInput,
): SuggestionDraft | undefined {
  for (const decision of offered) {
    if (isPlan(decision.offering) || decision.offering.isBundle) continue;
    const sizes = dataSizesOf(input.snapshot, decision.offering.id);
    if (!sizes) continue;
    const allowance = input.currentPlan?.allowanceGb;
    const overUse =
      input.monthlyUseGb !== undefined && allowance !== undefined
        ? input.monthlyUseGb - allowance
        : undefined;
    const wanted = need.dataGb ?? (overUse !== undefined && overUse > 0 ? overUse : undefined);
    const size =
      wanted !== undefined
        ? (sizes.sizes.find((value) => value >= wanted) ?? sizes.sizes[sizes.sizes.length - 1]!)
        : sizes.sizes[Math.floor((sizes.sizes.length - 1) / 2)]!;
    const why =
      need.dataGb !== undefined
        ? `she said she needs about ${need.dataGb} GB more a month`
        : wanted !== undefined
          ? `she uses about ${input.monthlyUseGb} GB a month on a ${allowance} GB plan`
          : 'she did not say how much more, so the middle size';
    let price: ChannelPrice;
    try {
      price = input.snapshot.priceConfiguration({
        ...input.request,
        offeringId: decision.offering.id,
        characteristics: { [sizes.name]: size },
      }).price;
    } catch {
      continue;
    }
    return draft(
      need,
      decision,
      `She runs out of data. ${decision.offering.name} ${size} GB adds ${size} GB every month (${why}). ${sentence(priceWords(price))}`,
      price,
      { [sizes.name]: size },
    );
  }
  return undefined;
}

function cheaperPlan(
  need: LiveNeed,
  offered: readonly Offered[],
  input: SuggestionInput,
): SuggestionDraft | undefined {
  const current = input.currentPlan;
  if (!current) return undefined;
  // The gentlest step down: the dearest plan that still costs her less than hers does.
  const cheaper = offered
    .filter(
      (decision) =>
        isPlan(decision.offering) &&
        decision.offering.id !== current.offeringId &&
        decision.price.recurring.currency === current.recurring.currency &&
        decision.price.recurring.amount < current.recurring.amount,
    )
    .sort((a, b) => b.price.recurring.amount - a.price.recurring.amount)[0];
  if (!cheaper) return undefined;
  const saving = {
    amount: current.recurring.amount - cheaper.price.recurring.amount,
    currency: current.recurring.currency,
  };
  const what = cheaper.offering.description ? ` ${sentence(cheaper.offering.description)}` : '';
  return draft(
    need,
    cheaper,
    `She finds her plan too expensive. ${cheaper.offering.name} is ${priceWords(cheaper.price)}, ${moneyWords(saving)} a month less than her ${current.name} (${moneyWords(current.recurring)}).${what}`,
  );
}

function promotion(
  need: LiveNeed,
  input: SuggestionInput,
  taken: ReadonlySet<string>,
): SuggestionDraft | undefined {
  for (const { campaignId, decision } of input.texted) {
    if (!decision.offered) continue;
    if (input.exclude.has(decision.offering.id) || taken.has(decision.offering.id)) continue;
    const what = decision.offering.description ? ` ${sentence(decision.offering.description)}` : '';
    const promoted = decision.price.promotions.length > 0 ? ' with the price from the text' : '';
    return draft(
      need,
      decision,
      `She is asking about the offer we texted her: ${decision.offering.name}.${what} ${sentence(`${priceWords(decision.price)}${promoted}`)}`,
      decision.price,
      {},
      campaignId,
    );
  }
  return undefined;
}

function asked(need: LiveNeed, offered: readonly Offered[]): SuggestionDraft | undefined {
  const decision = offered.find((candidate) => candidate.offering.id === need.offeringId);
  if (!decision) return undefined;
  const what = decision.offering.description ? ` ${sentence(decision.offering.description)}` : '';
  return draft(
    need,
    decision,
    `She asked about ${decision.offering.name}.${what} ${sentence(priceWords(decision.price))}`,
  );
}

/** Destinations a European roaming pass covers, as customers name them. */
const EUROPE = new Set([
  'spain',
  'france',
  'italy',
  'portugal',
  'germany',
  'greece',
  'ireland',
  'netherlands',
  'belgium',
  'austria',
  'switzerland',
  'croatia',
  'malta',
  'cyprus',
  'poland',
  'sweden',
  'norway',
  'denmark',
  'finland',
  'iceland',
  'europe',
  'the netherlands',
  'czech republic',
  'hungary',
]);
