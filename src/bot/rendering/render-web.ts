import type {
  CartSummaryBlock,
  ChoicesBlock,
  ConfirmBlock,
  HandoverNoticeBlock,
  OfferCardBlock,
  ReplyBlock,
  Reply,
} from './reply';
import { confirmAnswers } from './reply';
import { formatMoney, formatOfferPrice } from './written-price';

/** A suggested action: the widget shows `label` and posts `value` back as the user's turn. */
export interface WebButton {
  readonly label: string;
  readonly value: string;
}

export interface WebCard {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Ready-to-show price lines ("£3.00 a month"); the widget does no money formatting. */
  readonly priceLines: readonly string[];
  /** The price before the discount, for the widget to show struck through. */
  readonly wasPriceLines?: readonly string[];
  readonly badge?: string;
  readonly details?: readonly string[];
  readonly buttons: readonly WebButton[];
}

export interface WebLink {
  readonly label: string;
  readonly url: string;
}

/**
 * One chat bubble. `text` is always there: screen readers, notifications and widgets that cannot
 * draw cards all fall back to it. Plain text only; escaping is the widget's job.
 */
export interface WebMessage {
  readonly text: string;
  readonly cards?: readonly WebCard[];
  readonly buttons?: readonly WebButton[];
  readonly link?: WebLink;
}

export interface WebRendering {
  readonly messages: readonly WebMessage[];
}

function offerCard(block: OfferCardBlock): WebCard {
  const price = formatOfferPrice(block.price);
  const was = block.originalPrice ? formatOfferPrice(block.originalPrice) : '';
  return {
    id: block.offeringId,
    title: block.name,
    ...(block.description ? { subtitle: block.description } : {}),
    priceLines: price ? [price] : [],
    ...(was ? { wasPriceLines: [was] } : {}),
    ...(block.badge ? { badge: block.badge } : {}),
    ...(block.reasons?.length ? { details: block.reasons } : {}),
    buttons: (block.actions ?? []).map((action) => ({ label: action.label, value: action.id })),
  };
}

function offerCardFallback(card: WebCard): string {
  const was = card.wasPriceLines ? ` (was ${card.wasPriceLines.join(', ')})` : '';
  const parts = [`${card.title}: ${card.priceLines.join(', ')}${was}.`];
  if (card.badge) parts.push(`${card.badge}.`);
  if (card.subtitle) parts.push(card.subtitle);
  if (card.details) parts.push(`${card.details.join('. ')}.`);
  return parts.join(' ');
}

function cartCard(block: CartSummaryBlock): WebCard {
  const priceLines = block.lines.map((line) => {
    const price = formatOfferPrice({
      ...(line.oneTime ? { oneTime: line.oneTime } : {}),
      ...(line.recurring ? { recurring: line.recurring } : {}),
    });
    return `${line.quantity} × ${line.name}${price ? `: ${price}` : ''}`;
  });
  // Only the totals there are: no "£0 due today" on a monthly cart, no "£0.00 a month" on a one-off one.
  const { oneTime, recurring } = block.totals;
  if (oneTime.amount !== 0) priceLines.push(`Due today: ${formatMoney(oneTime)}`);
  if (recurring.amount !== 0) priceLines.push(`Monthly: ${formatMoney(recurring)}`);
  if (oneTime.amount === 0 && recurring.amount === 0) priceLines.push('Total: no charge');
  return { id: 'cart', title: 'Your cart', priceLines, buttons: [] };
}

function choicesMessage(block: ChoicesBlock): WebMessage {
  const buttons = block.options.map((option) => {
    const price = option.price ? formatOfferPrice(option.price) : '';
    return { label: price ? `${option.label} – ${price}` : option.label, value: option.id };
  });
  // The options are the buttons: said once, not also spelled out in the text.
  return { text: block.prompt, buttons };
}

function confirmMessage(block: ConfirmBlock): WebMessage {
  return {
    text: block.question,
    buttons: [
      { label: block.yesLabel, value: confirmAnswers.yes },
      { label: block.noLabel, value: confirmAnswers.no },
    ],
  };
}

function handoverText(block: HandoverNoticeBlock): string {
  // The bot has just said it is passing her on: this says only when someone will be there.
  const eta = block.etaMinutes === undefined ? ' shortly' : ` in about ${block.etaMinutes} minutes`;
  return `A colleague will join this chat${eta}.`;
}

function blockMessage(block: ReplyBlock): WebMessage {
  switch (block.kind) {
    case 'text':
      return { text: block.text };
    case 'choices':
      return choicesMessage(block);
    case 'offerCard': {
      const card = offerCard(block);
      return { text: offerCardFallback(card), cards: [card] };
    }
    case 'cartSummary': {
      const card = cartCard(block);
      return { text: `${card.title}: ${card.priceLines.join('; ')}.`, cards: [card] };
    }
    case 'confirm':
      return confirmMessage(block);
    case 'handoverNotice':
      return { text: handoverText(block) };
    case 'link':
      return { text: `${block.label}: ${block.url}`, link: { label: block.label, url: block.url } };
  }
}

/** Offer cards that follow one another become one carousel, as the widget shows them side by side. */
function mergeCarousels(messages: readonly WebMessage[], blocks: readonly ReplyBlock[]) {
  const merged: WebMessage[] = [];
  messages.forEach((message, index) => {
    const previous = merged[merged.length - 1];
    const continuesCarousel =
      blocks[index]?.kind === 'offerCard' && blocks[index - 1]?.kind === 'offerCard';
    if (previous && continuesCarousel) {
      merged[merged.length - 1] = {
        text: `${previous.text}\n${message.text}`,
        cards: [...(previous.cards ?? []), ...(message.cards ?? [])],
      };
    } else merged.push(message);
  });
  return merged;
}

/** Renders a reply for the web-chat widget (also self-care and the agent panel). */
export function renderWeb(reply: Reply): WebRendering {
  const messages = reply.blocks.map(blockMessage);
  return { messages: mergeCarousels(messages, reply.blocks) };
}
