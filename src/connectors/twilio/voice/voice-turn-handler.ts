import type { Reply } from '../../../bot/rendering/reply';
import type { PartyRef } from '../../../domain/shared/party';

/*
 * The port the voice connector talks to the conversation engine through. It lives here rather than
 * in src/domain/ because it speaks in the bot's `Reply`, and the domain must not import the bot.
 */

export interface CallStart {
  callSid: string;
  /** The caller's number (E.164), by which the bot identifies the customer. */
  from: string;
  to: string;
}

export interface CallGreeting {
  greeting: Reply;
  customerName?: string;
  /** Whose timeline the call goes on: the customer found by number, or a visitor when unknown. */
  party: PartyRef;
}

export interface CallerTurn {
  callSid: string;
  /** The Gather round this answers (1, 2, ...): with the CallSid, the turn's identity. */
  turn: number;
  from: string;
  /** What speech recognition heard; only turns above the confidence threshold reach the bot. */
  speech: string;
  confidence: number;
}

export interface BotTurn {
  reply: Reply;
  /** Set when the bot decides a person must take over (it cannot help, or the caller insists). */
  transfer?: { reason: string };
}

export interface VoiceTurnHandler {
  startCall(call: CallStart): Promise<CallGreeting>;
  turn(turn: CallerTurn): Promise<BotTurn>;
}
