import { newId } from '../../domain/shared/ids';
import type { HandoverRequest } from '../conversation';
import type { TurnFacts } from '../turn/turn-facts';

/** What the agent reads first: who, where, what the bot did, and what is in the cart. */
async function summaryFor(facts: TurnFacts, reason: HandoverRequest['reason']): Promise<string> {
  const customer = await facts.customer();
  const who = customer
    ? `${customer.name.given} ${customer.name.family}`.trim()
    : 'An unidentified visitor';
  const cart = await facts.cart().catch(() => undefined);
  const items = cart?.price.lines.map((line) => `${line.offeringName} x${line.quantity}`) ?? [];
  const why: Record<HandoverRequest['reason'], string> = {
    'customer-asked': 'asked for a person',
    'bot-stuck': 'was not understood several times in a row',
    'cannot-serve': 'asked for something the bot cannot do on this channel',
    'high-value-cart': 'is about to order a high-value cart',
    'voice-transfer': 'was transferred from the voice line',
  };
  const recent =
    facts.memory.recent.length > 0 ? ` Bot so far: ${facts.memory.recent.join('; ')}.` : '';
  const cartLine = items.length > 0 ? ` Cart: ${items.join(', ')}.` : ' Cart is empty.';
  return `${who} on ${facts.channel} ${why[reason]}.${cartLine}${recent}`;
}

/**
 * Hands the conversation to a person: the bot falls silent in it until it is given back, and the
 * assist side learns of it through `handover.requested`, with the summary on the timeline.
 */
export async function handOver(
  facts: TurnFacts,
  reason: HandoverRequest['reason'],
): Promise<HandoverRequest> {
  const handoverId = newId('hov');
  const summary = await summaryFor(facts, reason);
  const { services, party, channel } = facts;
  if (channel === 'voice') {
    // The call connector transfers the call and raises the handover with the call's transcript.
    facts.handover = { handoverId, reason, summary };
    await facts.say({ blocks: [{ kind: 'text', text: 'Let me put you through to a colleague.' }] });
    return facts.handover;
  }
  await services.timeline.record({
    party,
    kind: 'handover',
    channel,
    direction: 'internal',
    summary: `Handed to a person: ${reason}`,
    conversationId: facts.inbound.conversationId,
    ref: { type: 'handover', id: handoverId },
    details: { reason, summary },
    dedupeKey: `handover:${handoverId}`,
  });
  await services.events.publish('handover.requested', {
    handoverId,
    ...(party.customerId ? { customerId: party.customerId } : { visitorId: party.visitorId }),
    channel,
    reason,
    summary,
    priority: reason === 'high-value-cart' ? 'high' : 'normal',
    conversationId: facts.inbound.conversationId,
  });
  facts.memory.handover = { id: handoverId, at: services.clock.now().toISOString(), reason };
  const request = { handoverId, reason, summary };
  facts.handover = request;
  await facts.say({
    blocks: [
      {
        kind: 'text',
        text:
          reason === 'customer-asked'
            ? 'Sure, I am passing you to a colleague.'
            : 'Let me pass you to a colleague who can help with this.',
      },
      { kind: 'handoverNotice', etaMinutes: 5 },
    ],
  });
  return request;
}
