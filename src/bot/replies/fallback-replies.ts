import type { CorpusIntent } from '../understanding';
import type { Reply } from '../rendering/reply';
import { commandValue } from './values';
import type { Command } from './values';

/** What each intent can be offered as, when the bot is not sure that is what she meant. */
const AS_CHOICE: Partial<Record<CorpusIntent, { command: Command; label: string }>> = {
  browse_offers: { command: 'browse', label: 'See offers' },
  offer_details: { command: 'browse', label: 'See offers' },
  price: { command: 'browse', label: 'See offers and prices' },
  promo_from_campaign: { command: 'browse', label: 'See offers' },
  add_to_cart: { command: 'browse', label: 'Choose something to add' },
  view_cart: { command: 'cart', label: 'My cart' },
  remove_item: { command: 'cart', label: 'Change my cart' },
  change_item: { command: 'cart', label: 'Change my cart' },
  quote: { command: 'quote', label: 'Get a total' },
  checkout: { command: 'checkout', label: 'Check out' },
  order_status: { command: 'orders', label: 'My orders' },
  handover: { command: 'agent', label: 'Talk to a person' },
  help: { command: 'help', label: 'What you can do' },
};

/** Used when the classifier offers nothing close: the three things most people come for. */
const USUAL: readonly CorpusIntent[] = ['browse_offers', 'view_cart', 'order_status'];

/**
 * "Did you mean …?" with the two closest things the bot can do, as choices (buttons on the web,
 * numbered on SMS, "say one" on voice), instead of one canned line.
 */
export function didYouMeanReply(alternatives: readonly CorpusIntent[]): Reply {
  const options: Array<{ id: string; label: string }> = [];
  for (const intent of [...alternatives, ...USUAL]) {
    const choice = AS_CHOICE[intent];
    if (!choice || options.some((option) => option.id === commandValue(choice.command))) continue;
    options.push({ id: commandValue(choice.command), label: choice.label });
    if (options.length === 2) break;
  }
  return {
    blocks: [
      { kind: 'text', text: "Sorry, I'm not sure I followed." },
      { kind: 'choices', prompt: 'Did you mean one of these?', options },
    ],
  };
}

/** Chit-chat or frustration: a calm word and what she can do, never a handover she did not ask for. */
export function offTopicReply(upset: boolean): Reply {
  return {
    blocks: [
      {
        kind: 'text',
        text: upset
          ? "I'm sorry this has been frustrating. I'm here to help with plans, add-ons, your cart and your orders, and I can pass you to a person if you ask."
          : 'I can only help with plans, add-ons, your cart and your orders here.',
      },
      {
        kind: 'choices',
        prompt: 'What would you like to do?',
        options: [
          { id: commandValue('browse'), label: 'See offers' },
          { id: commandValue('cart'), label: 'My cart' },
          { id: commandValue('agent'), label: 'Talk to a person' },
        ],
      },
    ],
  };
}

/** Words of frustration or abuse: answered calmly, and not counted as the bot being stuck. */
const UPSET =
  /\b(?:rubbish|useless|stupid|idiot|idiotic|crap|crappy|rubish|pathetic|terrible|awful|hate|shit|shite|bloody|damn|dumb|ridiculous|(?:is a|what a|such a|absolute) joke|waste of time|f+u+c*k+\w*|wtf|ffs)\b/i;

export function soundsUpset(text: string): boolean {
  return UPSET.test(text);
}
