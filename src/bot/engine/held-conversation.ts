import type { HandoverDeskPort } from '../../domain/handovers/handover-desk';
import type { Handover } from '../../domain/handovers/handover';
import type { PartyRef } from '../../domain/shared/party';
import { handoverChoiceIds } from '../actions/hand-over';
import type { InboundTurn } from '../conversation';
import type { Reply } from '../rendering/reply';

/** What she says while waiting (or with an agent) that the bot still acts on. */
export type HeldIntent = 'wait' | 'callback' | 'bot';

const BACK_TO_BOT =
  /\b(back to the (bot|assistant)|(talk|speak|chat) (to|with) the (bot|assistant)|carry on with the (bot|assistant))\b/i;
const NEVER_MIND =
  /^\s*(never ?mind|nevermind|cancel|stop waiting|forget it|no thanks|no thank you|bot|assistant)\s*[.!]*\s*$/i;
const WAIT =
  /^\s*(wait|i('ll| will) wait|wait for a colleague|ok(ay)?,? i('ll| will) wait)\s*[.!]*\s*$/i;
const CALLBACK =
  /^\s*(call ?back|call me( back)?|please call( me)?( back)?|ring me( back)?)\s*[.!]*\s*$/i;

/**
 * Her answer to the wait/call back/bot choice, or a way out. While she waits, the numbers of the
 * choice (as SMS shows them) count too; with an agent only an explicit "back to the bot" does,
 * since "never mind" there is part of the conversation.
 */
export function heldIntentOf(
  turn: InboundTurn,
  status: Handover['status'],
): HeldIntent | undefined {
  const value = turn.value;
  if (value === handoverChoiceIds.wait) return 'wait';
  if (value === handoverChoiceIds.callback) return 'callback';
  if (value === handoverChoiceIds.bot) return 'bot';
  const text = turn.text?.trim() ?? '';
  if (BACK_TO_BOT.test(text)) return 'bot';
  if (status !== 'waiting') return undefined;
  if (text === '1' || WAIT.test(text)) return 'wait';
  if (text === '2' || CALLBACK.test(text)) return 'callback';
  if (text === '3' || NEVER_MIND.test(text)) return 'bot';
  return undefined;
}

export const BACK_WITH_ASSISTANT = "You're back with the assistant. What would you like to do?";

function text(line: string): Reply {
  return { blocks: [{ kind: 'text', text: line }] };
}

/** Masks all but the last three digits of the number she will be called on. */
function maskedNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  return `the number ending ${digits.slice(-3)}`;
}

/**
 * Acts on her answer while a handover holds the conversation; the reply to send, or undefined
 * when the message is for the agent (the bot keeps quiet). `resume` clears the bot's own memory
 * of the handover so its next answer starts fresh.
 */
export async function answerWhileHeld(
  desk: HandoverDeskPort,
  party: PartyRef,
  handover: Handover,
  intent: HeldIntent | undefined,
  resume: () => Promise<void>,
): Promise<Reply | undefined> {
  if (!intent) return undefined;
  if (intent === 'wait') {
    return text('OK, you stay in the queue. A colleague will reply here as soon as one is free.');
  }
  if (intent === 'bot') {
    await desk.customerCancels(party);
    await resume();
    return text(BACK_WITH_ASSISTANT);
  }
  if (handover.status !== 'waiting') {
    return text('A colleague has your conversation now and will reply here.');
  }
  const { number } = await desk.customerWantsCallback(party);
  if (!number) {
    return text(
      'I have no number to call you on, so you stay in the queue. Reply 3 to carry on with the assistant instead.',
    );
  }
  await resume();
  return text(
    `We will call you on ${maskedNumber(number)} as soon as a colleague is free. Meanwhile, you're back with the assistant.`,
  );
}

/** A wait/call back/bot button pressed after the handover already ended. */
export function staleHandoverChoice(turn: InboundTurn): Reply | undefined {
  const value = turn.value;
  if (
    value !== handoverChoiceIds.wait &&
    value !== handoverChoiceIds.callback &&
    value !== handoverChoiceIds.bot
  ) {
    return undefined;
  }
  return text(
    "You're with the assistant now. Ask for a person any time if you'd like a colleague.",
  );
}
