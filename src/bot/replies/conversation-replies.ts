import { describeChannel } from '../../domain/shared/channel';
import type { BotChannel } from '../conversation';
import type { ChoicesBlock, Reply } from '../rendering/reply';
import { commandValue } from './values';

const mainMenu: ChoicesBlock['options'] = [
  { id: commandValue('browse'), label: 'See offers' },
  { id: commandValue('cart'), label: 'My cart' },
  { id: commandValue('orders'), label: 'My orders' },
];

export function greetingReply(firstName: string | undefined): Reply {
  const hello = firstName ? `Hi ${firstName}!` : 'Hi!';
  return {
    blocks: [
      { kind: 'text', text: `${hello} I can show you offers, build your order and check it out.` },
      { kind: 'choices', prompt: 'What would you like to do?', options: mainMenu },
    ],
  };
}

/** What she can do, without a hello: for "menu", and for a "hi" just after the greeting. */
export function menuReply(prompt = 'What would you like to do?'): Reply {
  return { blocks: [{ kind: 'choices', prompt, options: mainMenu }] };
}

export function helpReply(channel: BotChannel, lead?: string): Reply {
  const ways =
    describeChannel(channel).replies === 'speech'
      ? 'You can say: what offers do you have, add the 20 gig boost, my cart, check out, or agent.'
      : 'Ask me things like "what offers do you have?", "how much is the 20 GB add-on?", "show my cart", "check out" or "talk to a person".';
  return {
    blocks: [
      ...(lead ? [{ kind: 'text' as const, text: lead }] : []),
      { kind: 'text', text: ways },
    ],
  };
}

export function textReply(...lines: string[]): Reply {
  return { blocks: lines.map((text) => ({ kind: 'text' as const, text })) };
}
