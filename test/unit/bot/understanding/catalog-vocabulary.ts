import type { CharacteristicVocabulary, OfferVocabulary } from '../../../../src/bot/understanding';

const dataSize: CharacteristicVocabulary = { name: 'dataSize', values: [5, 10, 20], unit: 'GB' };
const startDate: CharacteristicVocabulary = { name: 'startDate', values: [], valueType: 'date' };
const zone: CharacteristicVocabulary = { name: 'roamingZone', values: ['Europe', 'World'] };

/** A small live-catalog vocabulary, as the catalog service would hand it to the bot. */
export const OFFERS: OfferVocabulary[] = [
  { id: 'offer-data-boost', name: 'Data Boost', kind: 'add-on', characteristics: [dataSize] },
  {
    id: 'offer-roaming-pass',
    name: 'Roaming Pass',
    aliases: ['travel pass'],
    kind: 'pass',
    characteristics: [startDate, zone],
  },
  { id: 'offer-unlimited-max', name: 'Unlimited Max', kind: 'plan' },
];

export const CHARACTERISTICS: CharacteristicVocabulary[] = [dataSize, startDate, zone];

export const CATALOG_CONTEXT = {
  offers: OFFERS,
  characteristics: CHARACTERISTICS,
  now: new Date('2026-06-15T10:00:00Z'),
};
