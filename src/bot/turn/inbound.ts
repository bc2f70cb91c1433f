import type { TurnContext } from 'botbuilder';
import type { InboundTurn } from '../conversation';

const INBOUND = Symbol('inbound-turn');

/** The connector's turn, put in the turn state before any middleware runs. */
export function attachInbound(context: TurnContext, turn: InboundTurn): void {
  context.turnState.set(INBOUND, turn);
}

export function inboundOf(context: TurnContext): InboundTurn {
  const turn = context.turnState.get(INBOUND) as InboundTurn | undefined;
  if (!turn) throw new Error('a turn reached the bot without its inbound message');
  return turn;
}
