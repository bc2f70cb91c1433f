import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type {
  NewInteraction,
  TimelineBatch,
  TimelineRecorder,
} from '../../domain/interactions/interaction';
import { partyKey } from '../../domain/shared/party';
import { replyOf } from '../adapter/reply-activity';
import type { InboundTurn } from '../conversation';
import { describeChannel } from '../../domain/shared/channel';
import { renderForChannel } from '../rendering/render';
import type { Reply } from '../rendering/reply';
import { inboundOf } from '../turn/inbound';
import { TurnFacts } from '../turn/turn-facts';

const SUMMARY_LENGTH = 80;

function summaryOf(prefix: string, text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `${prefix}: ${flat.length > SUMMARY_LENGTH ? `${flat.slice(0, SUMMARY_LENGTH - 3)}...` : flat}`;
}

/** The reply as the customer saw it on her channel: the SMS body, or the chat bubbles' text. */
function shownText(reply: Reply, channel: InboundTurn['channel']): string {
  const rendering = renderForChannel(reply, channel);
  if (rendering.form === 'sms') return rendering.sms.body;
  if (rendering.form === 'voice') return rendering.voice.say.join(' ');
  return rendering.web.messages.map((message) => message.text).join('\n');
}

const PENDING_TIMELINE = Symbol('pending timeline entries');

/** Writes what the turn holds for the timeline now (her message), before others are told. */
export async function writeTurnTimeline(context: TurnContext): Promise<void> {
  const batch = context.turnState.get(PENDING_TIMELINE) as TimelineBatch | undefined;
  await batch?.flush();
}

/**
 * Puts every message in and out on the customer's timeline with its channel, grouped by the
 * channel's conversation. Voice is left out: the call connector records the whole call as one
 * interaction with its transcript.
 */
export class TimelineMiddleware implements Middleware {
  constructor(private readonly timeline: TimelineRecorder) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const inbound = inboundOf(context);
    const description = describeChannel(inbound.channel);
    if (description.timeline === 'per-call') return next();
    const label = description.timelineLabel;
    // A pressed button reads as what she pressed, not as its internal value.
    const said = inbound.text ?? inbound.label ?? inbound.value ?? '';
    // Her message and the bot's first answer go to the timeline in one write (stamped in order,
    // hers as the turn starts); a turn that answers nothing writes hers alone as it ends.
    const batch = this.timeline.batch?.();
    if (batch) context.turnState.set(PENDING_TIMELINE, batch);
    const entry: NewInteraction = {
      party: inbound.party,
      kind: 'message',
      channel: inbound.channel,
      direction: 'inbound',
      summary: summaryOf(`${label} from customer`, said),
      conversationId: inbound.conversationId,
      ref: { type: 'message', id: inbound.messageId },
      details: {
        ...(inbound.text !== undefined ? { text: inbound.text } : {}),
        ...(inbound.value !== undefined ? { value: inbound.value } : {}),
        ...(inbound.label !== undefined ? { label: inbound.label } : {}),
        ...(inbound.attachments?.length ? { attachments: inbound.attachments } : {}),
      },
      dedupeKey: `bot-in:${inbound.channel}:${partyKey(inbound.party)}:${inbound.messageId}`,
    };
    if (batch) batch.add(entry);
    else await this.timeline.record(entry);
    context.onSendActivities(async (turnContext, activities, sendNext) => {
      const responses = await sendNext();
      await this.recordOutbound(turnContext, inbound, activities, label, batch);
      return responses;
    });
    if (!batch) return next();
    try {
      await next();
    } finally {
      await batch.flush();
    }
  }

  private async recordOutbound(
    context: TurnContext,
    inbound: InboundTurn,
    activities: Array<Partial<Activity>>,
    label: string,
    batch: TimelineBatch | undefined,
  ): Promise<void> {
    let party = inbound.party;
    try {
      party = TurnFacts.of(context).party;
    } catch {
      // Sent before the bot attached its facts: the inbound party is the one.
    }
    for (const activity of activities) {
      const reply = replyOf(activity);
      if (!reply) continue;
      const text = shownText(reply, inbound.channel);
      const entry: NewInteraction = {
        party,
        kind: 'message',
        channel: inbound.channel,
        direction: 'outbound',
        summary: summaryOf(`${label} from bot`, text),
        conversationId: inbound.conversationId,
        ref: { type: 'message', id: activity.id ?? inbound.messageId },
        details: { text, reply, inReplyTo: inbound.messageId },
      };
      if (batch) batch.add(entry);
      else await this.timeline.record(entry);
    }
    await batch?.flush();
  }
}
