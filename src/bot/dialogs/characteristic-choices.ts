import type { CatalogSnapshot } from '../../domain/catalog/catalog-snapshot';
import type {
  CharacteristicValue,
  ProductSpecCharacteristic,
} from '../../domain/catalog/product-specification';
import { isAppError } from '../../domain/shared/errors';
import type { ChoiceOption } from '../rendering/reply';
import { offerPriceOf } from '../replies/offer-replies';
import { actionValue } from '../replies/values';
import { valueLabel } from '../replies/value-label';
import type { TurnFacts } from '../turn/turn-facts';

/** "dataSize" → "data size". */
export function characteristicWords(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function parseCharacteristicValue(
  characteristic: ProductSpecCharacteristic,
  raw: string | number,
): CharacteristicValue | undefined {
  const allowed = characteristic.productSpecCharacteristicValue.map((entry) => entry.value);
  const candidate = characteristic.valueType === 'string' ? String(raw) : Number(raw);
  return allowed.some((value) => value === candidate) ? candidate : undefined;
}

/** Each value as a pick, priced where the value changes the price (a bigger data size costs more). */
export async function characteristicOptions(
  facts: TurnFacts,
  snapshot: CatalogSnapshot,
  offeringId: string,
  chosen: Readonly<Record<string, CharacteristicValue>>,
  characteristic: ProductSpecCharacteristic,
): Promise<ChoiceOption[]> {
  const { customer } = await facts.offers();
  const campaignId = facts.campaignId;
  const options = characteristic.productSpecCharacteristicValue.map((entry) => {
    let price: ChoiceOption['price'];
    try {
      price = offerPriceOf(
        snapshot.priceConfiguration({
          offeringId,
          characteristics: { ...chosen, [characteristic.name]: entry.value },
          channel: facts.channel,
          customer,
          now: facts.services.clock.now(),
          ...(campaignId ? { campaignId } : {}),
        }).price,
      );
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
    return {
      id: actionValue('char', String(entry.value)),
      label: valueLabel(entry.value, entry.unitOfMeasure),
      ...(price ? { price } : {}),
    };
  });
  // A price on every option only says something when the options cost different amounts.
  const distinct = new Set(options.map((option) => JSON.stringify(option.price ?? null)));
  return distinct.size > 1 ? options : options.map(({ id, label }) => ({ id, label }));
}
