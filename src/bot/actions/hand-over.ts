import type { HandoverOutlook } from '../../domain/handovers/handover-desk';
import { describeChannel } from '../../domain/shared/channel';
import { newId } from '../../domain/shared/ids';
import type { HandoverRequest } from '../conversation';
import type { Reply } from '../rendering/reply';
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

/** The choice she gets when nobody can answer at once; the engine reads her answer while she waits. */
export const handoverChoiceIds = {
  wait: 'handover:wait',
  callback: 'handover:callback',
  bot: 'handover:bot',
} as const;

function waitChoices(): Reply['blocks'][number] {
  return {
    kind: 'choices',
    prompt: 'Would you like to wait, be called back, or carry on with me?',
    options: [
      { id: handoverChoiceIds.wait, label: 'Wait for a colleague' },
      { id: handoverChoiceIds.callback, label: 'Call me back' },
      { id: handoverChoiceIds.bot, label: 'Carry on with the assistant' },
    ],
  };
}

/** What she is told, from what the desk knows: nobody promises a wait it cannot see. */
function outlookReply(
  reason: HandoverRequest['reason'],
  outlook: HandoverOutlook,
  alreadyWaiting: boolean,
): Reply {
  const opening =
    reason === 'customer-asked'
      ? 'Sure, I am passing you to a colleague.'
      : 'Let me pass you to a colleague who can help with this.';
  if (outlook.kind === 'with-agent') {
    return {
      blocks: [
        {
          kind: 'text',
          text: alreadyWaiting
            ? 'A colleague already has your conversation and will reply here.'
            : `${opening} They will reply here in a moment.`,
        },
      ],
    };
  }
  const where =
    outlook.kind === 'queued'
      ? `Everyone is busy right now: you are number ${outlook.position} in the queue.`
      : 'Our team is not available right now, so nobody can reply yet.';
  return {
    blocks: [
      {
        kind: 'text',
        text: alreadyWaiting ? `You are already waiting. ${where}` : `${opening} ${where}`,
      },
      waitChoices(),
    ],
  };
}

/**
 * Hands the conversation to a person. With the handover desk, the handover is written (and routed)
 * before she is told anything, and she hears the honest outlook; the bot falls silent in it until
 * the desk says no one holds it any more.
 */
export async function handOver(
  facts: TurnFacts,
  reason: HandoverRequest['reason'],
): Promise<HandoverRequest> {
  const summary = await summaryFor(facts, reason);
  const { services, party, channel } = facts;
  if (describeChannel(channel).handover === 'call-transfer') {
    // The call connector transfers the call and raises the handover with the call's transcript.
    const handoverId = newId('hov');
    facts.handover = { handoverId, reason, summary };
    await facts.say({ blocks: [{ kind: 'text', text: 'Let me put you through to a colleague.' }] });
    return facts.handover;
  }
  const desk = services.handovers;
  const existing = desk ? await desk.holding(party) : undefined;
  const handoverId = existing?.id ?? newId('hov');
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
  const priority = reason === 'high-value-cart' ? 'high' : 'normal';
  let reply: Reply | undefined;
  if (desk) {
    const opening = await desk.request({
      id: handoverId,
      party,
      channel,
      reason,
      summary,
      priority,
      conversationId: facts.inbound.conversationId,
    });
    reply = outlookReply(reason, opening.outlook, !opening.created);
  }
  if (!desk || !existing) {
    // With a desk the handover is already written: the event only fans it out (a second creation
    // is a no-op), so its failing cannot lose the request nor fail her turn.
    const published = services.events.publish('handover.requested', {
      handoverId,
      ...(party.customerId ? { customerId: party.customerId } : { visitorId: party.visitorId }),
      channel,
      reason,
      summary,
      priority,
      conversationId: facts.inbound.conversationId,
    });
    if (desk) await published.catch(() => undefined);
    else await published;
  }
  if (!desk) {
    reply = {
      blocks: [
        {
          kind: 'text',
          text:
            reason === 'customer-asked'
              ? 'Sure, I am passing you to a colleague.'
              : 'Let me pass you to a colleague who can help with this.',
        },
        { kind: 'handoverNotice' },
      ],
    };
  }
  facts.memory.handover = { id: handoverId, at: services.clock.now().toISOString(), reason };
  const request = { handoverId, reason, summary };
  facts.handover = request;
  if (reply) await facts.say(reply);
  return request;
}
