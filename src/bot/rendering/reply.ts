import type { Money } from '../../domain/shared/money';

/**
 * One answer from the bot, said once and rendered per channel. Dialogs build it from domain data and
 * never format for a channel themselves, so SMS, web and voice cannot drift apart in what they offer.
 */
export interface Reply {
  readonly blocks: readonly ReplyBlock[];
}

export type ReplyBlock =
  | TextBlock
  | ChoicesBlock
  | OfferCardBlock
  | CartSummaryBlock
  | ConfirmBlock
  | HandoverNoticeBlock
  | LinkBlock;

export type ReplyBlockKind = ReplyBlock['kind'];

export interface TextBlock {
  readonly kind: 'text';
  readonly text: string;
}

/** A price as the catalog quotes it; `recurring` is always per month. */
export interface OfferPrice {
  readonly oneTime?: Money;
  readonly recurring?: Money;
}

export interface ChoiceOption {
  /** What comes back when this option is picked: an offering id, a characteristic value… */
  readonly id: string;
  readonly label: string;
  /**
   * Kept apart from `description` because descriptions are the first thing a tight SMS budget drops,
   * and a price must never be dropped from an option that has one.
   */
  readonly price?: OfferPrice;
  readonly description?: string;
}

export interface ChoicesBlock {
  readonly kind: 'choices';
  readonly prompt: string;
  readonly options: readonly ChoiceOption[];
  /** A question inside a flow she may leave ("MENU" on SMS, "never mind" anywhere). */
  readonly leavable?: boolean;
}

/** Something to do with one offer ("Add to cart"); web shows it on the card, SMS and voice number it. */
export interface OfferAction {
  readonly id: string;
  readonly label: string;
}

export interface OfferCardBlock {
  readonly kind: 'offerCard';
  readonly offeringId: string;
  readonly name: string;
  readonly description?: string;
  /** Already the price for this channel and customer: renderers do no pricing. */
  readonly price: OfferPrice;
  /** The price before a promotion or channel discount, shown struck through or as "was". */
  readonly originalPrice?: OfferPrice;
  /** Why this offer is shown to this customer, most convincing first. */
  readonly reasons?: readonly string[];
  /** A short tag such as "Self-care only -20%". */
  readonly badge?: string;
  readonly actions?: readonly OfferAction[];
}

export interface CartSummaryLine {
  readonly name: string;
  readonly quantity: number;
  /** The line's amounts as the cart computed them (already times quantity): renderers do no maths. */
  readonly recurring?: Money;
  readonly oneTime?: Money;
}

export interface CartSummaryBlock {
  readonly kind: 'cartSummary';
  readonly lines: readonly CartSummaryLine[];
  readonly totals: { readonly oneTime: Money; readonly recurring: Money };
}

export interface ConfirmBlock {
  readonly kind: 'confirm';
  readonly question: string;
  readonly yesLabel: string;
  readonly noLabel: string;
}

export interface HandoverNoticeBlock {
  readonly kind: 'handoverNotice';
  readonly etaMinutes?: number;
}

export interface LinkBlock {
  readonly kind: 'link';
  readonly label: string;
  readonly url: string;
}

/** The values a confirm block's answers carry on every channel, so dialogs check one pair. */
export const confirmAnswers = { yes: 'yes', no: 'no' } as const;
