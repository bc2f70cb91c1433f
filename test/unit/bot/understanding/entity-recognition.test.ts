import { LanguageUnderstanding, loadEnglishCorpus } from '../../../../src/bot/understanding';
import type { OfferVocabulary } from '../../../../src/bot/understanding';
import { CATALOG_CONTEXT, CHARACTERISTICS, OFFERS } from './catalog-vocabulary';

let understanding: LanguageUnderstanding;

beforeAll(async () => {
  understanding = await LanguageUnderstanding.train(loadEnglishCorpus());
});

async function entitiesOf(text: string, context = CATALOG_CONTEXT) {
  return (await understanding.understand(text, context)).entities;
}

describe('offerings from the live catalog vocabulary', () => {
  it.each([
    ['tell me about Data Boost', 'offer-data-boost'],
    ['how much is the DATA BOOST', 'offer-data-boost'],
    ['what does the travel pass cost', 'offer-roaming-pass'],
    ['is the roming pass any good', 'offer-roaming-pass'],
    ['i want unlimited max', 'offer-unlimited-max'],
    ['how much is the 20 GB add-on?', 'offer-data-boost'],
    ['the boost please', 'offer-data-boost'],
  ])('finds the offer in %j', async (text, id) => {
    expect((await entitiesOf(text)).offering?.id).toBe(id);
  });

  it('treats a bare offer name as a request for its details', async () => {
    const result = await understanding.understand('data boost?', CATALOG_CONTEXT);
    expect(result).toMatchObject({
      intent: 'offer_details',
      entities: { offering: { id: 'offer-data-boost' } },
    });
  });

  it('returns every candidate and no single offering when the clue fits several offers', async () => {
    const twoAddOns: OfferVocabulary[] = [
      ...OFFERS,
      {
        id: 'offer-video-pack',
        name: 'Video Pack',
        kind: 'add-on',
        characteristics: [{ name: 'dataSize', values: [20, 50], unit: 'GB' }],
      },
    ];
    const entities = await entitiesOf('how much is the 20 GB add-on?', {
      ...CATALOG_CONTEXT,
      offers: twoAddOns,
    });
    expect(entities.offering).toBeUndefined();
    expect(entities.offeringCandidates.map((candidate) => candidate.id).sort()).toEqual([
      'offer-data-boost',
      'offer-video-pack',
    ]);
    for (const candidate of entities.offeringCandidates) expect(candidate.score).toBeGreaterThan(0);
  });

  it('prefers the longer full name when one offer name contains another', async () => {
    const offers = [...OFFERS, { id: 'offer-data-boost-plus', name: 'Data Boost Plus' }];
    const entities = await entitiesOf('add data boost plus', { ...CATALOG_CONTEXT, offers });
    expect(entities.offering?.id).toBe('offer-data-boost-plus');
    expect(entities.offeringCandidates).toHaveLength(1);
  });

  it('uses the vocabulary of each call, so catalog changes need no retraining', async () => {
    const renamed = [{ id: 'offer-new', name: 'Summer Surfer' }];
    const entities = await entitiesOf('tell me about summer surfer', {
      ...CATALOG_CONTEXT,
      offers: renamed,
    });
    expect(entities.offering?.id).toBe('offer-new');
    expect((await entitiesOf('tell me about summer surfer')).offering).toBeUndefined();
  });
});

describe('characteristic values', () => {
  it.each([
    ['20 GB', 20],
    ['20gb', 20],
    ['10 gig', 10],
    ['ten gigs please', 10],
    ['make it 5GB', 5],
  ])('reads %j as dataSize %d GB', async (text, value) => {
    expect((await entitiesOf(text)).characteristics).toEqual([
      expect.objectContaining({ name: 'dataSize', value, unit: 'GB', inCatalog: true }),
    ]);
  });

  it('flags a value the catalog does not offer', async () => {
    expect((await entitiesOf('can i get 15 GB')).characteristics).toEqual([
      expect.objectContaining({ name: 'dataSize', value: 15, inCatalog: false }),
    ]);
  });

  it('reads catalog words such as a roaming zone', async () => {
    expect((await entitiesOf('the europe one')).characteristics).toEqual([
      expect.objectContaining({ name: 'roamingZone', value: 'Europe' }),
    ]);
  });

  // Reference date: Monday 2026-06-15 (CATALOG_CONTEXT.now).
  it.each([
    ['start it from tomorrow', '2026-06-16'],
    ['from today', '2026-06-15'],
    ['the day after tomorrow', '2026-06-17'],
    ['from 1 August', '2026-08-01'],
    ['starting aug 3rd', '2026-08-03'],
    ['on the 2nd of july', '2026-07-02'],
    ['from 1 June', '2027-06-01'],
    ['next friday', '2026-06-19'],
    ['in 10 days', '2026-06-25'],
    ['2026-09-01', '2026-09-01'],
  ])('reads %j as startDate %s', async (text, isoDate) => {
    const dates = (await entitiesOf(text)).characteristics.filter((c) => c.name === 'startDate');
    expect(dates.map((c) => c.value)).toEqual([isoDate]);
  });

  it('does not read "buy now" or "30 February" as a start date', async () => {
    expect((await entitiesOf('buy now')).characteristics).toEqual([]);
    expect((await entitiesOf('from 30 february')).characteristics).toEqual([]);
  });

  it('recognises nothing without a characteristic vocabulary', async () => {
    expect(
      (await entitiesOf('20 GB from tomorrow', { ...CATALOG_CONTEXT, characteristics: [] }))
        .characteristics,
    ).toEqual([]);
    expect(CHARACTERISTICS.length).toBeGreaterThan(0);
  });
});

describe('quantity', () => {
  it.each([
    ['add 2 of them', 2],
    ['three of those please', 3],
    ['data boost x2', 2],
    ['quantity 4', 4],
  ])('reads %j as %d', async (text, value) => {
    expect((await entitiesOf(text)).quantity?.value).toBe(value);
  });

  it('does not mistake a data size or a bare number for a quantity', async () => {
    expect((await entitiesOf('add 20 GB')).quantity).toBeUndefined();
    expect((await entitiesOf('2')).quantity).toBeUndefined();
  });
});
