import { createHmac } from 'node:crypto';
import type { ConversationEngine } from '../../bot/conversation';
import type { IdentityService } from '../../domain/customers/identity-service';
import type { AppContext } from '../../runtime';
import { registerWidgetAssets } from './asset-routes';
import { ChatDelivery } from './chat-delivery';
import type { ChatLimits } from './chat-limits';
import { chatMessageModel } from './chat-message-model';
import { ChatMessageStore } from './chat-message-store';
import { chatNamespaceOf, serveChatNamespace } from './chat-namespace';
import { ChatTurns } from './chat-turns';
import type { ChatTurnQueue } from './chat-turn-queue';
import type { ChatNamespace } from './chat-types';
import { AddressLimiter } from '../auth/address-limiter';
import { registerVisitorRoute, visitorCreationLimit } from './visitor-route';
import { visitorLinkedHandler } from './visitor-link-follower';
import { VisitorTokens } from './visitor-tokens';
import { TurnAdmission } from './turn-admission';
import { ChatOutbox } from './webchat-outbox';
import type { WebchatOutbox } from './webchat-outbox';

export interface WebchatConnectorOptions {
  engine: () => ConversationEngine;
  identities: () => IdentityService;
  limits: ChatLimits;
  /** Set when bot turns run on the job workers (WEBCHAT_TURNS=workers). */
  turnQueue?: ChatTurnQueue;
}

/** Everything of web chat on one app node: the visitor route, the widget files, and `/chat`. */
export class WebchatConnector {
  private constructor(
    readonly namespace: ChatNamespace,
    readonly store: ChatMessageStore,
    readonly outbox: WebchatOutbox,
    private readonly unsubscribe: () => void,
    private readonly admission: TurnAdmission,
  ) {}

  static attach(context: AppContext, options: WebchatConnectorOptions): WebchatConnector {
    const logger = context.logger.child({ component: 'webchat' });
    const visitorTokens = new VisitorTokens(VisitorTokens.deriveKey(context.config.JWT_SECRET));
    const store = new ChatMessageStore(chatMessageModel(context.mongo.connection));

    const limiter = new AddressLimiter({
      redis: context.redis,
      prefix: context.config.REDIS_KEY_PREFIX,
      purpose: 'chat-visitors',
      secret: createHmac('sha256', context.config.JWT_SECRET)
        .update('omnichannel-sales-assist:chat-visitor-limits')
        .digest('base64url'),
      limit: visitorCreationLimit,
      message: 'Too many new chats from this connection. Try again later.',
    });
    registerVisitorRoute(context.app, { identities: options.identities, visitorTokens, limiter });
    registerWidgetAssets(context.app);

    const namespace = chatNamespaceOf(context.io);
    const delivery = new ChatDelivery(namespace, store, logger);
    const turns = new ChatTurns(options.engine, store, delivery, logger);
    const admission = new TurnAdmission(options.limits);
    serveChatNamespace(namespace, {
      visitorTokens,
      tokens: context.tokens,
      identities: options.identities,
      store,
      turns,
      limits: options.limits,
      admission,
      logger,
      ...(options.turnQueue ? { turnQueue: options.turnQueue } : {}),
    });
    const unsubscribe = context.events.subscribe(
      'visitor.linked',
      visitorLinkedHandler(delivery, store),
    );
    return new WebchatConnector(namespace, store, new ChatOutbox(delivery), unsubscribe, admission);
  }

  close(): void {
    this.unsubscribe();
    this.admission.close();
  }
}
