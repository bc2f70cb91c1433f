import { TestAdapter } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import { mergeReplies, replyOf } from '../../../../src/bot/adapter/reply-activity';
import type { BotServices } from '../../../../src/bot/bot-services';
import type { BotChannel, InboundTurn, TurnResult } from '../../../../src/bot/conversation';
import { TimelineMiddleware } from '../../../../src/bot/engine/timeline-middleware';
import { renderSms } from '../../../../src/bot/rendering/render-sms';
import { renderVoice } from '../../../../src/bot/rendering/render-voice';
import { renderWeb } from '../../../../src/bot/rendering/render-web';
import type { Reply } from '../../../../src/bot/rendering/reply';
import { renderWhatsapp } from '../../../../src/connectors/whatsapp/render-whatsapp';
import { SalesBot, outcomeOf } from '../../../../src/bot/sales-bot';
import { PartyConversationState } from '../../../../src/bot/state/conversation-state';
import { MongoStorage } from '../../../../src/bot/state/mongo-storage';
import { attachInbound } from '../../../../src/bot/turn/inbound';
import { systemClock } from '../../../../src/domain/shared/clock';
import { partyKey } from '../../../../src/domain/shared/party';
import type { PartyRef } from '../../../../src/domain/shared/party';
import { sharedLanguageUnderstanding } from '../../../../src/features/bot';
import type { AppNode } from '../bot-harness';

/** What the customer saw of one turn's answer, on her channel. */
export interface Seen {
  reply: Reply | undefined;
  /** The reply's prose as written, before a channel shaped it (ids survive, unlike in speech). */
  written: string;
  /** SMS body, the chat bubbles' text with card titles, prices and buttons, or the spoken sentences. */
  text: string;
  /** Web only: the values of the buttons shown, in order. */
  buttons: Array<{ label: string; value: string }>;
  result: TurnResult;
}

function webText(reply: Reply): { text: string; buttons: Seen['buttons'] } {
  const lines: string[] = [];
  const buttons: Seen['buttons'] = [];
  for (const message of renderWeb(reply).messages) {
    lines.push(message.text);
    for (const card of message.cards ?? []) {
      lines.push(`[${card.title} ${card.priceLines.join(' ')}]`);
      buttons.push(...card.buttons);
    }
    // The buttons she sees under the bubble, each once.
    if (message.buttons?.length) {
      lines.push(message.buttons.map((button) => `[${button.label}]`).join(' '));
    }
    buttons.push(...(message.buttons ?? []));
  }
  return { text: lines.join('\n'), buttons };
}

/** The WhatsApp message: its text, and the buttons or list items she can tap under it. */
function whatsappText(reply: Reply): { text: string; buttons: Seen['buttons'] } {
  const { body, interactive } = renderWhatsapp(reply);
  if (!interactive) return { text: body, buttons: [] };
  const buttons =
    interactive.kind === 'quick-reply'
      ? interactive.buttons.map((button) => ({ label: button.title, value: button.id }))
      : interactive.items.map((item) => ({ label: item.item, value: item.id }));
  return { text: `${body}\n${buttons.map((button) => `[${button.label}]`).join(' ')}`, buttons };
}

export function seenOn(channel: BotChannel, reply: Reply | undefined): Omit<Seen, 'result'> {
  if (!reply) return { reply, written: '', text: '', buttons: [] };
  const written = reply.blocks.map((block) => (block.kind === 'text' ? block.text : '')).join('\n');
  if (channel === 'sms') return { reply, written, text: renderSms(reply).body, buttons: [] };
  if (channel === 'whatsapp') return { reply, written, ...whatsappText(reply) };
  if (channel === 'voice') {
    return { reply, written, text: renderVoice(reply).say.join(' '), buttons: [] };
  }
  return { reply, written, ...webText(reply) };
}

/**
 * A botbuilder TestAdapter conversation with the real sales bot over the real domain services:
 * each `say` is one customer turn, answered with what she would see on `channel`.
 */
export class Transcript {
  private readonly adapter: TestAdapter;
  private turnNumber = 0;
  private lastResult: TurnResult | undefined;
  readonly lines: string[] = [];

  private constructor(
    bot: SalesBot,
    services: BotServices,
    readonly channel: BotChannel,
    public party: PartyRef,
    private readonly visitorId: string | undefined,
  ) {
    this.adapter = new TestAdapter(async (context: TurnContext) => {
      await bot.run(context);
      this.lastResult = outcomeOf(context);
    });
    this.adapter.use(async (context, next) => {
      attachInbound(context, this.inboundOf(context.activity));
      await next();
    });
    this.adapter.use(new TimelineMiddleware(services.timeline));
  }

  static async start(
    node: AppNode,
    channel: BotChannel,
    party: PartyRef,
    options: {
      highValueMinor?: number;
      /** The real services with one fault put in, for turns the real parts cannot otherwise fail. */
      services?: (real: BotServices) => BotServices;
    } = {},
  ): Promise<Transcript> {
    const { features, runtime } = node;
    const real: BotServices = {
      offers: features.catalog.services.offers,
      catalog: features.catalog.services.snapshots,
      carts: features.commerce.services.carts,
      quotes: features.commerce.services.quotes,
      orders: features.commerce.services.orders,
      customers: features.customers.services.customers,
      identities: features.customers.services.identities,
      timeline: features.customers.services.timeline,
      events: runtime.events,
      clock: systemClock,
      portalUrl: runtime.config.PUBLIC_BASE_URL,
      highValueMinor: options.highValueMinor ?? 60_000,
    };
    const services = options.services ? options.services(real) : real;
    const state = new PartyConversationState(new MongoStorage(runtime.mongo.connection));
    const bot = new SalesBot(state, services, await sharedLanguageUnderstanding());
    return new Transcript(bot, services, channel, party, party.visitorId);
  }

  private inboundOf(activity: Partial<Activity>): InboundTurn {
    this.turnNumber += 1;
    return {
      channel: this.channel,
      party: this.party,
      conversationId: `transcript:${partyKey(this.party)}`,
      messageId: activity.id ?? `m${this.turnNumber}`,
      ...(activity.text ? { text: activity.text } : {}),
      ...(typeof activity.value === 'string' ? { value: activity.value } : {}),
      ...(this.visitorId ? { visitorId: this.visitorId } : {}),
    };
  }

  /** The customer types (or says) `text`. */
  say(text: string): Promise<Seen> {
    return this.turn({ type: 'message', text, id: `turn-${this.turnNumber + 1}-${Date.now()}` });
  }

  /** The customer presses a web button carrying `value`. */
  press(value: string): Promise<Seen> {
    return this.turn({ type: 'message', value, id: `turn-${this.turnNumber + 1}-${Date.now()}` });
  }

  /** The same message delivered again (a retried webhook, a resent socket message). */
  redeliver(activity: Partial<Activity>): Promise<Seen> {
    return this.turn(activity);
  }

  private async turn(activity: Partial<Activity>): Promise<Seen> {
    this.lastResult = undefined;
    await this.adapter.receiveActivity(activity);
    const sent: Array<Partial<Activity>> = [];
    for (let next = this.adapter.getNextReply(); next; next = this.adapter.getNextReply()) {
      sent.push(next);
    }
    const result: TurnResult = this.lastResult ?? { replies: [], party: this.party };
    // A replayed turn sends nothing new: the connector re-sends the answer the result carries.
    const reply = result.replayed
      ? mergeReplies(result.replies)
      : mergeReplies(sent.map(replyOf).filter((r): r is Reply => r !== undefined));
    this.party = result.party;
    const seen = { ...seenOn(this.channel, reply), result };
    this.lines.push(`> ${activity.text ?? activity.value}`, `< ${seen.text}`);
    return seen;
  }
}
