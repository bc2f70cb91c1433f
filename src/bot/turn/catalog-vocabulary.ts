import type { OfferDecision } from '../../domain/catalog/offer-evaluation';
import type { CatalogSnapshot } from '../../domain/catalog/catalog-snapshot';
import type { ProductSpecCharacteristic } from '../../domain/catalog/product-specification';
import type { CharacteristicVocabulary, OfferVocabulary } from '../understanding';

/** What customers call an offer of a category: "the 20 GB add-on", "the travel pass". */
function kindOf(categoryNames: readonly string[]): string | undefined {
  const name = categoryNames[0]?.toLowerCase();
  if (!name) return undefined;
  if (name.startsWith('add-on')) return 'add-on';
  if (name.startsWith('plan')) return 'plan';
  if (name.startsWith('bundle')) return 'bundle';
  if (name.startsWith('promotion')) return 'promo';
  return undefined;
}

/** The characteristics a customer chooses: configurable, with more than one listed value. */
export function choosableCharacteristics(
  characteristics: readonly ProductSpecCharacteristic[],
): ProductSpecCharacteristic[] {
  return characteristics.filter(
    (characteristic) =>
      characteristic.configurable && characteristic.productSpecCharacteristicValue.length > 1,
  );
}

export function characteristicVocabulary(
  characteristic: ProductSpecCharacteristic,
): CharacteristicVocabulary {
  const unit = characteristic.productSpecCharacteristicValue.find(
    (value) => value.unitOfMeasure,
  )?.unitOfMeasure;
  return {
    name: characteristic.name,
    values: characteristic.productSpecCharacteristicValue.map((value) => value.value),
    ...(unit ? { unit } : {}),
  };
}

/**
 * The live catalog as the understanding needs it: every offer this party can see on this channel
 * (offered or not, so "how much is the family bundle?" is understood even where it is not sold).
 */
export function vocabularyOf(
  decisions: readonly OfferDecision[],
  snapshot: CatalogSnapshot,
): OfferVocabulary[] {
  return decisions
    .filter(
      (decision) =>
        decision.offered ||
        decision.whyNot.every(
          (reason) => reason.code !== 'not-on-channel' && reason.code !== 'not-active',
        ),
    )
    .map(({ offering }) => {
      const specification = snapshot.specificationOf(offering.id);
      const characteristics = choosableCharacteristics(
        specification?.productSpecCharacteristic ?? [],
      ).map(characteristicVocabulary);
      const kind = kindOf(offering.category.map((category) => category.name ?? ''));
      return {
        id: offering.id,
        name: offering.name,
        ...(kind ? { kind } : {}),
        ...(characteristics.length > 0 ? { characteristics } : {}),
      };
    });
}
