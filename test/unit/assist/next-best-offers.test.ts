import type { ChannelPrice } from '../../../src/domain/catalog/channel-price';
import { rankNextBestOffers } from '../../../src/domain/handovers/next-best-offers';
import type { OfferCandidate } from '../../../src/domain/handovers/next-best-offers';

function price(recurring: number, promotion?: string): ChannelPrice {
  return {
    currency: 'GBP',
    basePrices: [],
    charges: [],
    alterations: [],
    promotions: promotion
      ? [
          {
            source: 'promotion',
            sourceId: 'promo-summer',
            name: promotion,
            priceId: 'pop-x',
            chargeType: 'recurring',
            amount: { amount: 300, currency: 'GBP' },
          },
        ]
      : [],
    oneTime: { amount: 0, currency: 'GBP' },
    recurring: { amount: recurring, currency: 'GBP' },
  };
}

const offer = (
  id: string,
  name: string,
  recurring: number,
  extra: Partial<OfferCandidate> = {},
): OfferCandidate => ({
  offeringId: id,
  name,
  isBundle: false,
  price: price(recurring),
  reasons: ['Can be ordered on agent'],
  ...extra,
});

describe('next best offers', () => {
  const candidates = [
    offer('po-plan-unlimited-max', 'Unlimited Max', 4500),
    offer('po-roam-europe-week', 'EU Roaming Week', 1000),
    offer('po-data-boost', 'Data Boost', 500, {
      price: price(500, 'Summer Data Double'),
      reasons: ['Can be ordered on agent', 'Summer Data Double applied'],
    }),
    offer('po-family-bundle', 'Family Bundle', 6000, {
      isBundle: true,
      reasons: [
        'Can be ordered on agent',
        'Eligible: consumers with a plan',
        'Required subscription in place',
      ],
    }),
  ];

  it('ranks promotions, targeted offers and what builds on her plan first, then the cheaper step up', () => {
    const ranked = rankNextBestOffers({ candidates, inCart: new Set(), dismissed: new Set() });
    expect(ranked.map((entry) => entry.offeringId)).toEqual([
      'po-family-bundle',
      'po-data-boost',
      'po-roam-europe-week',
      'po-plan-unlimited-max',
    ]);
    expect(ranked[0]!.why).toEqual([
      'Targeted at customers like her',
      'Builds on what she already has',
      'Bundle',
    ]);
    expect(ranked[1]!.why).toEqual(['Promotion: Summer Data Double']);
  });

  it('leaves out what is already in her cart and what an agent dismissed, and keeps to the limit', () => {
    const ranked = rankNextBestOffers({
      candidates,
      inCart: new Set(['po-data-boost']),
      dismissed: new Set(['po-family-bundle']),
      limit: 1,
    });
    expect(ranked.map((entry) => entry.offeringId)).toEqual(['po-roam-europe-week']);
  });
});
