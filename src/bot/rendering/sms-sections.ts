import type {
  CartSummaryBlock,
  ChoiceOption,
  ChoicesBlock,
  HandoverNoticeBlock,
  OfferCardBlock,
  ReplyBlock,
} from './reply';
import { formatOfferPrice } from './written-price';
import { shortenText } from './shorten-text';

/** How much optional prose a rendering keeps; SMS steps down these levels before dropping items. */
export type SmsDetail = 'full' | 'short' | 'bare';

export type SmsLine =
  /** `shortenable` marks prose that may be cut as a last resort; prices and labels never are. */
  | { readonly kind: 'plain'; readonly text: string; readonly shortenable: boolean }
  /** Numbered when the body is composed, so numbers stay 1..n whatever was dropped. */
  | { readonly kind: 'pick'; readonly id: string; readonly label: string };

/** One block's lines. `items` is the list that may lose entries from its end to fit a budget. */
export interface SmsSection {
  readonly head: readonly SmsLine[];
  readonly items: readonly SmsLine[];
  readonly foot: readonly SmsLine[];
  readonly asksToConfirm: boolean;
  /** A question inside a flow: the hint says how to leave it (MENU, never a carrier keyword). */
  readonly leavable?: boolean;
}

const shortDescriptionLength = 40;
const shortReasonLength = 60;

const fixed = (text: string): SmsLine => ({ kind: 'plain', text, shortenable: false });
const prose = (text: string): SmsLine => ({ kind: 'plain', text, shortenable: true });

function section(head: SmsLine[], items: SmsLine[] = [], foot: SmsLine[] = []): SmsSection {
  return { head, items, foot, asksToConfirm: false };
}

function optionalProse(text: string | undefined, detail: SmsDetail, shortLength: number) {
  if (!text || detail === 'bare') return undefined;
  return detail === 'full' ? text : shortenText(text, shortLength);
}

function optionLabel(option: ChoiceOption, detail: SmsDetail): string {
  const price = option.price ? formatOfferPrice(option.price) : '';
  const priced = price ? `${option.label} - ${price}` : option.label;
  const description = optionalProse(option.description, detail, shortDescriptionLength);
  return description ? `${priced} (${description})` : priced;
}

function choicesSection(block: ChoicesBlock, detail: SmsDetail): SmsSection {
  const items = block.options.map((option): SmsLine => ({
    kind: 'pick',
    id: option.id,
    label: optionLabel(option, detail),
  }));
  const shown = section([prose(block.prompt)], items);
  return block.leavable ? { ...shown, leavable: true } : shown;
}

function offerCardSection(block: OfferCardBlock, detail: SmsDetail): SmsSection {
  const was = block.originalPrice ? formatOfferPrice(block.originalPrice) : '';
  const badge = block.badge ? ` - ${block.badge}` : '';
  const head: SmsLine[] = [
    fixed(`${block.name}: ${formatOfferPrice(block.price)}${was ? ` (was ${was})` : ''}${badge}`),
  ];
  const description = optionalProse(block.description, detail, shortDescriptionLength);
  if (description) head.push(prose(description));
  const reasons = block.reasons ?? [];
  // Short detail keeps only the most convincing reason, as the model orders them.
  const shownReasons = detail === 'full' ? reasons : detail === 'short' ? reasons.slice(0, 1) : [];
  if (shownReasons.length > 0) {
    const joined = shownReasons.join('; ');
    head.push(prose(`${detail === 'full' ? joined : shortenText(joined, shortReasonLength)}.`));
  }
  for (const action of block.actions ?? []) {
    head.push({ kind: 'pick', id: action.id, label: `${action.label}: ${block.name}` });
  }
  return section(head);
}

function cartSection(block: CartSummaryBlock): SmsSection {
  const items = block.lines.map((line) => {
    const price = formatOfferPrice({
      ...(line.oneTime ? { oneTime: line.oneTime } : {}),
      ...(line.recurring ? { recurring: line.recurring } : {}),
    });
    const quantity = line.quantity === 1 ? '' : `${line.quantity}x `;
    return fixed(`${quantity}${line.name}${price ? `: ${price}` : ''}`);
  });
  const { oneTime, recurring } = block.totals;
  const total =
    formatOfferPrice({
      oneTime: oneTime.amount === 0 ? undefined : oneTime,
      recurring: recurring.amount === 0 ? undefined : recurring,
    }) || 'no charge';
  return section([fixed('Your cart:')], items, [fixed(`Total: ${total}`)]);
}

function handoverText(block: HandoverNoticeBlock): string {
  const eta = block.etaMinutes === undefined ? '' : ` (about ${block.etaMinutes} min)`;
  return `A colleague will reply to you shortly${eta}.`;
}

export function smsSection(block: ReplyBlock, detail: SmsDetail): SmsSection {
  switch (block.kind) {
    case 'text':
      return section([prose(block.text)]);
    case 'choices':
      return choicesSection(block, detail);
    case 'offerCard':
      return offerCardSection(block, detail);
    case 'cartSummary':
      return cartSection(block);
    case 'confirm':
      return { ...section([prose(block.question)]), asksToConfirm: true };
    case 'handoverNotice':
      return section([fixed(handoverText(block))]);
    case 'link':
      return section([fixed(`${block.label}: ${block.url}`)]);
  }
}
