import { ActivityTypes, TurnContext } from 'botbuilder';
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { KeyedLock } from '../../domain/shared/keyed-lock';
import { customerChannelSchema, describeChannel } from '../../domain/shared/channel';
import { partyKey } from '../../domain/shared/party';
import type { PartyRef } from '../../domain/shared/party';
import { ChannelBotAdapter } from '../adapter/channel-bot-adapter';
import { replyActivity } from '../adapter/reply-activity';
import type { BotServices } from '../bot-services';
import type { BotChannel, ConversationEngine, InboundTurn, TurnResult } from '../conversation';
import { greetingReply } from '../replies/conversation-replies';
import { SalesBot, outcomeOf } from '../sales-bot';
import { attachInbound } from '../turn/inbound';
import { PartyConversationState } from '../state/conversation-state';
import type { LanguageUnderstanding } from '../understanding';
import { answerWhileHeld, heldIntentOf, staleHandoverChoice } from './held-conversation';
import { TimelineMiddleware, writeTurnTimeline } from './timeline-middleware';

const partySchema = z.union([
  z.strictObject({ customerId: z.string().min(1).max(128) }),
  z.strictObject({ visitorId: z.string().min(1).max(128) }),
]);

const inboundTurnSchema = z.strictObject({
  channel: customerChannelSchema,
  party: partySchema,
  conversationId: z.string().min(1).max(256),
  messageId: z.string().min(1).max(256),
  text: z.string().max(4000).optional(),
  value: z.string().max(256).optional(),
  label: z.string().max(256).optional(),
  campaignId: z.string().min(1).max(128).optional(),
  visitorId: z.string().min(1).max(128).optional(),
  attachments: z
    .array(z.strictObject({ url: z.string().url(), contentType: z.string().max(128) }))
    .max(10)
    .optional(),
});

export interface BotConversationEngineDeps {
  storage: Storage;
  services: BotServices;
  language: LanguageUnderstanding;
  locks: KeyedLock;
}

/**
 * The one conversation engine: every channel's turn becomes a botbuilder activity run through the
 * timeline middleware and the sales bot, one turn per party at a time across every process.
 */
export class BotConversationEngine implements ConversationEngine {
  private readonly adapter = new ChannelBotAdapter();
  private readonly state: PartyConversationState;
  private readonly bot: SalesBot;

  constructor(private readonly deps: BotConversationEngineDeps) {
    this.state = new PartyConversationState(deps.storage);
    this.bot = new SalesBot(this.state, deps.services, deps.language);
    // With a desk, whether a person holds the conversation is read from it on every turn.
    this.bot.handoverDeskDecides = deps.services.handovers !== undefined;
    this.adapter.use(new TimelineMiddleware(deps.services.timeline));
  }

  async handleTurn(rawTurn: InboundTurn): Promise<TurnResult> {
    const turn = inboundTurnSchema.parse(rawTurn) as InboundTurn;
    const key = partyKey(turn.party);
    return this.deps.locks.withLock(`bot:${key}`, async () => {
      let outcome: TurnResult | undefined;
      await this.adapter.processActivity(
        this.activityOf(turn, key),
        async (context) => {
          outcome = await this.heldTurn(context, turn);
          if (outcome) return;
          await this.bot.run(context);
          outcome = outcomeOf(context);
        },
        (context) => attachInbound(context, turn),
      );
      return outcome ?? { replies: [], party: turn.party };
    });
  }

  async greet(channel: BotChannel, party: PartyRef, conversationId: string): Promise<TurnResult> {
    void conversationId;
    const firstName = party.customerId
      ? (await this.deps.services.customers.find(party.customerId))?.name.given
      : undefined;
    await this.outsideTurn(party, (context) => this.bot.noteGreeting(context), channel);
    return { replies: [greetingReply(firstName)], party };
  }

  /**
   * While a person holds (or she waits for) the conversation, the bot is silent except for her
   * way out: "never mind", a call back, "back to the bot". Undefined: the bot answers as usual.
   * Voice calls are the bot's until the call connector transfers them.
   */
  private async heldTurn(context: TurnContext, turn: InboundTurn): Promise<TurnResult | undefined> {
    const desk = this.deps.services.handovers;
    if (!desk || describeChannel(turn.channel).handover === 'call-transfer') return undefined;
    const holding = await desk.holding(turn.party);
    // Her message is on the timeline before the agent (or the desk) acts on it.
    if (holding) await writeTurnTimeline(context);
    const reply = holding
      ? await answerWhileHeld(desk, turn.party, holding, heldIntentOf(turn, holding.status), () =>
          this.bot.resume(context),
        )
      : staleHandoverChoice(turn);
    if (!holding && !reply) return undefined;
    if (!reply) return { replies: [], party: turn.party, silenced: true };
    await context.sendActivity(replyActivity(reply));
    return { replies: [reply], party: turn.party };
  }

  /** Gives a handed-over conversation back to the bot. */
  async resume(party: PartyRef): Promise<void> {
    await this.outsideTurn(party, (context) => this.bot.resume(context));
  }

  /** Silences the bot in a conversation a person has taken without the bot handing it over. */
  async hold(party: PartyRef, handoverId: string, reason = 'agent-opened'): Promise<void> {
    await this.outsideTurn(party, (context) => this.bot.hold(context, handoverId, reason));
  }

  /** Bot state changes that are no message: not through the middleware, on no one's timeline. */
  private async outsideTurn(
    party: PartyRef,
    change: (context: TurnContext) => Promise<void>,
    channel: BotChannel = 'webchat',
  ): Promise<void> {
    const key = partyKey(party);
    await this.deps.locks.withLock(`bot:${key}`, async () => {
      const turn: InboundTurn = {
        channel,
        party,
        conversationId: key,
        messageId: `state-change-${Date.now()}`,
      };
      const context = new TurnContext(this.adapter, this.activityOf(turn, key));
      attachInbound(context, turn);
      await change(context);
    });
  }

  private activityOf(turn: InboundTurn, key: string) {
    return {
      type: ActivityTypes.Message,
      id: turn.messageId,
      channelId: turn.channel,
      timestamp: new Date(),
      from: { id: key, name: key, role: 'user' },
      recipient: { id: 'sales-bot', name: 'Sales assistant', role: 'bot' },
      conversation: {
        id: key,
        name: turn.conversationId,
        isGroup: false,
        conversationType: 'personal',
      },
      ...(turn.text !== undefined
        ? { text: turn.text }
        : turn.value !== undefined
          ? { text: turn.value }
          : {}),
      ...(turn.value !== undefined ? { value: turn.value } : {}),
    };
  }
}
