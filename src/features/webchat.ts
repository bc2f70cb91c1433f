import type { ConversationEngine } from '../bot/conversation';
import { chatMessageModel } from '../connectors/webchat/chat-message-model';
import { defaultChatLimits } from '../connectors/webchat/chat-limits';
import type { ChatLimits } from '../connectors/webchat/chat-limits';
import { ChatMessageStore } from '../connectors/webchat/chat-message-store';
import { conversationIdOf } from '../connectors/webchat/chat-rooms';
import { WebchatConnector } from '../connectors/webchat/webchat-connector';
import { ChatDelivery } from '../connectors/webchat/chat-delivery';
import { chatNamespaceOf } from '../connectors/webchat/chat-namespace';
import { defineChatTurnQueue } from '../connectors/webchat/chat-turn-queue';
import type { ChatTurnQueue } from '../connectors/webchat/chat-turn-queue';
import { ChatTurns } from '../connectors/webchat/chat-turns';
import type { WebchatOutbox } from '../connectors/webchat/webchat-outbox';
import type { IdentityService } from '../domain/customers/identity-service';
import type { VisitorMergeParticipant } from '../domain/customers/identity-ports';
import type { AppContext, RuntimeContext } from '../runtime';

export interface WebchatFeatureDependencies {
  /** The one conversation engine (a thunk: the bot feature is configured after this one is built). */
  engine: () => ConversationEngine;
  identities: () => IdentityService;
  /** Per-socket limits; defaults: 2,000 characters, 10 messages per 10 s, 50 messages of history. */
  limits?: Partial<ChatLimits>;
}

export interface WebchatFeature {
  name: 'webchat';
  /** Every role: the `chat_messages` collection and its indexes. */
  configure(context: RuntimeContext): Promise<void>;
  /** App role: `POST /api/chat/visitors`, the widget's files, and the `/chat` namespace. */
  configureApp(context: AppContext): void;
  /** Agent and system messages into a customer's chat (app role, after `configureApp`). */
  outbox(): WebchatOutbox;
  /** Moves a visitor's chat transcript to the customer she is linked to (idempotent). */
  visitorMerge: VisitorMergeParticipant;
}

/**
 * Web chat for one runtime. Wire it into src/features.ts:
 *
 *   const webchat = createWebchatFeature({
 *     engine: () => bot.engine(),
 *     identities: () => customers.services.identities,
 *   });
 *   customers.services.registerMergeParticipant(webchat.visitorMerge);
 *   features.push(webchat);           // after customers and the bot
 */
export function createWebchatFeature(dependencies: WebchatFeatureDependencies): WebchatFeature {
  const limits: ChatLimits = { ...defaultChatLimits, ...dependencies.limits };
  let store: ChatMessageStore | undefined;
  let connector: WebchatConnector | undefined;
  let turnQueue: ChatTurnQueue | undefined;
  return {
    name: 'webchat',
    async configure(context) {
      const model = chatMessageModel(context.mongo.connection);
      // The dedupe index must exist before the first resend relies on it.
      await model.init();
      const messages = new ChatMessageStore(model);
      store = messages;
      if (context.config.WEBCHAT_TURNS === 'workers') {
        const logger = context.logger.child({ component: 'webchat-turns' });
        let turns: ChatTurns | undefined;
        turnQueue = defineChatTurnQueue(context.queues, {
          store: () => messages,
          // Replies reach her tabs on any node through the broadcaster's adapter.
          turns: () =>
            (turns ??= new ChatTurns(
              dependencies.engine,
              messages,
              new ChatDelivery(chatNamespaceOf(context.broadcaster()), messages, logger),
              logger,
            )),
          locks: context.locks,
        });
      }
    },
    configureApp(context) {
      connector = WebchatConnector.attach(context, {
        ...dependencies,
        limits,
        ...(turnQueue ? { turnQueue } : {}),
      });
    },
    outbox() {
      if (!connector) throw new Error('the webchat feature has no socket server in this process');
      return connector.outbox;
    },
    visitorMerge: {
      async mergeVisitor(visitorId, customerId) {
        if (!store) throw new Error('the webchat feature is not configured yet');
        await store.moveConversation(
          conversationIdOf({ visitorId }),
          conversationIdOf({ customerId }),
        );
      },
    },
  };
}
