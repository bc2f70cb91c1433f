import type { CatalogSnapshot } from '../../domain/catalog/catalog-snapshot';
import type { ChannelPrice } from '../../domain/catalog/channel-price';
import type { OfferDecision, OfferRequest } from '../../domain/catalog/offer-evaluation';
import type { OfferReasonCode } from '../../domain/catalog/offer-reasons';
import type {
  CharacteristicValue,
  ProductSpecCharacteristic,
  ProductSpecCharacteristicValue,
} from '../../domain/catalog/product-specification';
import { isAppError } from '../../domain/shared/errors';
import { priceView } from '../../web/pages/price-view';
import type { CharacteristicView, OptionView } from '../../web/pages/view-models';

/** Reasons that mean "not shown on this channel at all": such an offer has no page (404). */
const hiddenReasons: ReadonlySet<OfferReasonCode> = new Set([
  'not-active',
  'outside-validity',
  'not-on-channel',
]);

export function isHiddenOnChannel(decision: OfferDecision): boolean {
  return !decision.offered && decision.whyNot.some((reason) => hiddenReasons.has(reason.code));
}

/**
 * The channel price of a configuration even when the party cannot take the offer as she is (an
 * anonymous visitor has no plan for an add-on to require): the page still tells her what it costs.
 */
export function priceOf(
  snapshot: CatalogSnapshot,
  offeringId: string,
  request: OfferRequest,
  characteristics: Readonly<Record<string, CharacteristicValue>> = {},
): ChannelPrice | undefined {
  try {
    return snapshot.priceConfiguration({ ...request, offeringId, characteristics }).price;
  } catch (error) {
    if (isAppError(error) && (error.code === 'UNPROCESSABLE' || error.code === 'VALIDATION_FAILED'))
      return undefined;
    throw error;
  }
}

/** `dataSize` → `Data size`, `next-billing-cycle` → `Next billing cycle`. */
export function humanise(identifier: string): string {
  const words = identifier
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function optionLabel(entry: ProductSpecCharacteristicValue): string {
  const value = typeof entry.value === 'number' ? String(entry.value) : humanise(entry.value);
  return entry.unitOfMeasure ? `${value} ${entry.unitOfMeasure}` : value;
}

function characteristicView(
  snapshot: CatalogSnapshot,
  offeringId: string,
  request: OfferRequest,
  characteristic: ProductSpecCharacteristic,
): CharacteristicView {
  const values = characteristic.productSpecCharacteristicValue;
  const prices = values.map((entry) => {
    const price = priceOf(snapshot, offeringId, request, { [characteristic.name]: entry.value });
    return price ? priceView(price).headline : undefined;
  });
  // Per-option prices only when the choice changes the price; otherwise they are noise.
  const pricesDiffer = new Set(prices).size > 1;
  const options: OptionView[] = values.map((entry, index) => {
    const price = prices[index];
    return {
      value: String(entry.value),
      label: optionLabel(entry),
      isDefault: entry.isDefault,
      ...(pricesDiffer && price ? { price } : {}),
    };
  });
  return {
    name: characteristic.name,
    label: characteristic.description ?? humanise(characteristic.name),
    options,
  };
}

/** The choices a customer makes when she orders the offering (e.g. 5, 10 or 20 GB), with prices. */
export function characteristicViews(
  snapshot: CatalogSnapshot,
  offeringId: string,
  request: OfferRequest,
): CharacteristicView[] {
  const specification = snapshot.specificationOf(offeringId);
  return (specification?.productSpecCharacteristic ?? [])
    .filter(
      (characteristic) =>
        characteristic.configurable && characteristic.productSpecCharacteristicValue.length > 0,
    )
    .map((characteristic) => characteristicView(snapshot, offeringId, request, characteristic));
}
