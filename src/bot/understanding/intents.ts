/** Intents trained from the corpus; the list the corpus schema enforces. */
export const CORPUS_INTENTS = [
  'greet',
  'help',
  'browse_offers',
  'offer_details',
  'price',
  'promo_from_campaign',
  'add_to_cart',
  'view_cart',
  'remove_item',
  'change_item',
  'quote',
  'checkout',
  'order_status',
  'handover',
  'cancel',
  'affirm',
  'deny',
  'identify',
] as const;

export type CorpusIntent = (typeof CORPUS_INTENTS)[number];

/**
 * `choose`: the reply only picks one of the numbered choices the bot last showed ("2", "two", a label).
 * `none`: nothing scored above the threshold; the bot should answer with help, not guess.
 */
export type Intent = CorpusIntent | 'choose' | 'none';

export function isCorpusIntent(value: string): value is CorpusIntent {
  return (CORPUS_INTENTS as readonly string[]).includes(value);
}
