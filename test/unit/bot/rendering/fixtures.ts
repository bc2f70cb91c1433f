import type { Money } from '../../../../src/domain/shared/money';
import type {
  CartSummaryBlock,
  ChoiceOption,
  OfferCardBlock,
  Reply,
} from '../../../../src/bot/rendering/reply';

export const gbp = (pence: number): Money => ({ amount: pence, currency: 'GBP' });

export const dataBoostCard: OfferCardBlock = {
  kind: 'offerCard',
  offeringId: 'off-data-boost-20',
  name: 'Data Boost 20 GB',
  description: '20 GB of extra data on top of your plan, renewing every month until you cancel.',
  price: { recurring: gbp(1000) },
  reasons: ['You ran out of data in two of the last three months'],
  actions: [{ id: 'add:off-data-boost-20', label: 'Add to cart' }],
};

export const summerDataDoubleCard: OfferCardBlock = {
  kind: 'offerCard',
  offeringId: 'off-summer-data-double',
  name: 'Summer Data Double',
  description: 'Doubles the data on your plan for the summer months.',
  price: { recurring: gbp(300) },
  originalPrice: { recurring: gbp(375) },
  reasons: ['You followed our summer campaign link', 'Your plan qualifies for the promotion'],
  badge: 'Self-care only -20%',
};

export const roamingPassCard: OfferCardBlock = {
  kind: 'offerCard',
  offeringId: 'off-roam-week',
  name: 'Roam Like Home Week Pass',
  price: { oneTime: gbp(500) },
};

export const offerOptions: readonly ChoiceOption[] = [
  { id: 'off-data-boost-20', label: 'Data Boost 20 GB', price: { recurring: gbp(1000) } },
  {
    id: 'off-summer-data-double',
    label: 'Summer Data Double',
    price: { recurring: gbp(300) },
    description: 'double data all summer',
  },
  { id: 'off-roam-week', label: 'Roam Like Home Week Pass', price: { oneTime: gbp(500) } },
];

export const browseOffersReply: Reply = {
  blocks: [
    { kind: 'text', text: 'Hi Stacy, here are the add-ons for your plan.' },
    { kind: 'choices', prompt: 'Which one would you like?', options: offerOptions },
  ],
};

/** Stacy's cart after the journey: the summer promotion on top of her existing plan. */
export const stacysCart: CartSummaryBlock = {
  kind: 'cartSummary',
  lines: [
    { name: 'Summer Data Double', quantity: 1, recurring: gbp(300) },
    { name: 'Roam Like Home Week Pass', quantity: 2, oneTime: gbp(1000) },
  ],
  totals: { oneTime: gbp(1000), recurring: gbp(300) },
};

export const checkoutReply: Reply = {
  blocks: [
    stacysCart,
    {
      kind: 'confirm',
      question: 'Shall I place the order?',
      yesLabel: 'Place order',
      noLabel: 'Not yet',
    },
  ],
};

/** Seven offers with descriptions long enough that three SMS segments cannot hold them all. */
export function manyOffers(count = 7): ChoiceOption[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `off-bundle-${index + 1}`,
    label: `Weekend Bundle ${index + 1}`,
    price: { recurring: gbp(499 + index * 100) },
    description: 'Unlimited calls and texts at weekends, plus 5 GB of data for streaming.',
  }));
}
