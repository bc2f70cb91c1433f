import { renderSms } from '../../bot/rendering/render-sms';
import type { ChoiceOption, OfferCardBlock, Reply, ReplyBlock } from '../../bot/rendering/reply';
import { confirmAnswers } from '../../bot/rendering/reply';
import { formatOfferPrice } from '../../bot/rendering/written-price';

/** WhatsApp's limits for session messages with buttons and lists (Twilio's Content API). */
export const QUICK_REPLY_MAX_BUTTONS = 3;
export const QUICK_REPLY_MAX_TITLE = 20;
export const LIST_MAX_ITEMS = 10;
export const LIST_MAX_ITEM = 24;
export const LIST_MAX_DESCRIPTION = 72;
export const INTERACTIVE_MAX_BODY = 1024;
export const LIST_BUTTON = 'Choose';

export type InteractiveContent = (
  | {
      readonly kind: 'quick-reply';
      readonly body: string;
      readonly buttons: ReadonlyArray<{ readonly id: string; readonly title: string }>;
    }
  | {
      readonly kind: 'list';
      readonly body: string;
      readonly button: string;
      readonly items: ReadonlyArray<{
        readonly id: string;
        readonly item: string;
        readonly description?: string;
      }>;
    }
) & {
  /** The whole reply as text, numbered: what a phone that cannot draw buttons shows instead. */
  readonly fallback: string;
};

export interface WhatsappRendering {
  /** The text of the message: what she reads, and all she gets where no buttons fit. */
  readonly body: string;
  /** Buttons or a list for the reply's closing question, when its options fit WhatsApp's limits. */
  readonly interactive?: InteractiveContent;
}

/**
 * A bot reply as a WhatsApp message. The words are the text channels' own (so a typed "2" or "Y"
 * means what the bot's numbering says it means), with offer names in WhatsApp bold. When the
 * reply ends in its only question and the options fit, they become tappable: up to three short
 * buttons, or a list of up to ten whose line under each item keeps its price. A tap sends the
 * option's own id, as a web button does.
 */
export function renderWhatsapp(reply: Reply): WhatsappRendering {
  const full = renderSms(reply);
  const plain = { body: emphasise(full.body, reply.blocks) };
  if (full.hiddenChoiceIds.length > 0) return plain;
  const last = reply.blocks.at(-1);
  const before = reply.blocks.slice(0, -1);
  if (!last || before.some(asksSomething)) return plain;
  if (last.kind === 'offerCard') return offerButtons(reply, last, plain.body) ?? plain;
  const lead = before.length > 0 ? emphasise(renderSms({ blocks: before }).body, before) : '';
  const interactive = interactiveFor(last, lead, plain.body);
  if (!interactive || interactive.body.length > INTERACTIVE_MAX_BODY) return plain;
  return { body: interactive.body, interactive };
}

/** An offer that ends the reply, with its actions ("Add to cart") as buttons under it. */
function offerButtons(
  reply: Reply,
  card: OfferCardBlock,
  fallback: string,
): WhatsappRendering | undefined {
  const actions = card.actions ?? [];
  if (actions.length === 0 || actions.length > QUICK_REPLY_MAX_BUTTONS) return undefined;
  if (actions.some((action) => action.label.length > QUICK_REPLY_MAX_TITLE)) return undefined;
  const blocks = [...reply.blocks.slice(0, -1), { ...card, actions: [] }];
  const body = emphasise(renderSms({ blocks }).body, blocks);
  if (body.length > INTERACTIVE_MAX_BODY) return undefined;
  const buttons = actions.map((action) => ({ id: action.id, title: action.label }));
  return { body, interactive: { kind: 'quick-reply', body, buttons, fallback } };
}

function interactiveFor(
  block: ReplyBlock,
  lead: string,
  fallback: string,
): InteractiveContent | undefined {
  const join = (question: string) => (lead ? `${lead}\n\n${question}` : question);
  if (block.kind === 'confirm') {
    const buttons = [
      { id: confirmAnswers.yes, title: block.yesLabel },
      { id: confirmAnswers.no, title: block.noLabel },
    ];
    if (buttons.some((button) => button.title.length > QUICK_REPLY_MAX_TITLE)) return undefined;
    return { kind: 'quick-reply', body: join(block.question), buttons, fallback };
  }
  if (block.kind !== 'choices' || block.options.length === 0) return undefined;
  const priced = block.options.some((option) => option.price !== undefined);
  const short = block.options.every((option) => option.label.length <= QUICK_REPLY_MAX_TITLE);
  if (!priced && short && block.options.length <= QUICK_REPLY_MAX_BUTTONS) {
    return {
      kind: 'quick-reply',
      body: join(block.prompt),
      buttons: block.options.map((option) => ({ id: option.id, title: option.label })),
      fallback,
    };
  }
  const fits = block.options.every((option) => option.label.length <= LIST_MAX_ITEM);
  if (!fits || block.options.length > LIST_MAX_ITEMS) return undefined;
  const items = block.options.map((option) => {
    const description = describe(option);
    return { id: option.id, item: option.label, ...(description ? { description } : {}) };
  });
  // A price that would not fit under its item is a price dropped: the text list keeps it instead.
  if (items.some((item) => (item.description?.length ?? 0) > LIST_MAX_DESCRIPTION)) {
    return undefined;
  }
  return { kind: 'list', body: join(block.prompt), button: LIST_BUTTON, items, fallback };
}

/** The line under a list item: its price first (never dropped), then its description if room. */
function describe(option: ChoiceOption): string | undefined {
  const price = option.price ? formatOfferPrice(option.price) : '';
  const words = option.description ?? '';
  if (!price) return words ? words.slice(0, LIST_MAX_DESCRIPTION) : undefined;
  const both = words ? `${price} · ${words}` : price;
  return both.length <= LIST_MAX_DESCRIPTION ? both : price;
}

function asksSomething(block: ReplyBlock): boolean {
  return (
    block.kind === 'choices' ||
    block.kind === 'confirm' ||
    (block.kind === 'offerCard' && (block.actions?.length ?? 0) > 0)
  );
}

/** Offer and cart line names in *bold*, once each, the way WhatsApp draws emphasis. */
function emphasise(body: string, blocks: readonly ReplyBlock[]): string {
  const names = new Set<string>();
  for (const block of blocks) {
    if (block.kind === 'offerCard') names.add(block.name);
    if (block.kind === 'cartSummary') for (const line of block.lines) names.add(line.name);
  }
  let text = body;
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    if (!name.trim() || /[*_~]/.test(name)) continue;
    const at = text.indexOf(name);
    if (at >= 0 && text[at - 1] !== '*') {
      text = `${text.slice(0, at)}*${name}*${text.slice(at + name.length)}`;
    }
  }
  return text;
}
