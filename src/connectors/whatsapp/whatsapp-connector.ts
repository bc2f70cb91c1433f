import type { Queue } from 'bullmq';
import type { ConversationEngine } from '../../bot/conversation';
import type { IdentityService } from '../../domain/customers/identity-service';
import type { ChannelOutlets } from '../../domain/messaging/channel-outlet';
import { describeChannel } from '../../domain/shared/channel';
import type { AppContext, RuntimeContext } from '../../runtime';
import { PublicBaseUrl } from '../twilio/public-base-url';
import type { TwilioStandIn } from '../twilio/stand-in/twilio-stand-in';
import { registerWhatsappStandInRoutes } from '../twilio/stand-in/whatsapp-stand-in-routes';
import { TwilioMessagesClient } from '../twilio/twilio-messages-client';
import { STAND_IN_MOUNT_PATH, resolveTwilioSettings } from '../twilio/twilio-settings';
import type { TwilioSettings } from '../twilio/twilio-settings';
import { requireTwilioSignature } from '../twilio/webhook-signature';
import { ContentCatalog } from './content-catalog';
import { inboundWhatsappParser } from './inbound-whatsapp-payload';
import {
  registerWhatsappContentModel,
  registerWhatsappMessageModel,
} from './whatsapp-message-model';
import { WhatsappMessageStore } from './whatsapp-message-store';
import { whatsappOutlet } from './whatsapp-outlet';
import {
  INBOUND_WHATSAPP_PATH,
  registerWhatsappRoutes,
  whatsappStatusPathFor,
} from './whatsapp-routes';
import { WhatsappSender } from './whatsapp-sender';
import { resolveWhatsappSettings } from './whatsapp-settings';
import type { WhatsappSettings } from './whatsapp-settings';
import { INBOUND_WHATSAPP_QUEUE, WhatsappTurns } from './whatsapp-turns';
import type { WhatsappInboundJob, WhatsappMarketingConsent } from './whatsapp-turns';

export interface WhatsappConnectorDeps {
  engine: () => ConversationEngine;
  identities: () => Pick<IdentityService, 'resolve'>;
  /** Where the WhatsApp outlet is listed for agents, campaigns and notices. */
  outlets: ChannelOutlets;
  /** STOP on WhatsApp: her promotions consent there. */
  consent?: () => WhatsappMarketingConsent;
  /** The Twilio stand-in this node serves, which learns the WhatsApp sender and its window. */
  standIn?: () => TwilioStandIn | undefined;
}

/** Accepted messages not acted on after this long, whose job Redis lost, are queued again. */
const SWEEP_AFTER_MS = 15_000;
const SWEEP_EVERY_MS = 5_000;

/** WhatsApp through Twilio for one runtime: records, the inbound queue, the sender, webhooks. */
export class WhatsappConnector {
  private constructor(
    readonly settings: WhatsappSettings,
    private readonly twilio: TwilioSettings,
    private readonly store: WhatsappMessageStore,
    readonly sender: WhatsappSender,
    private readonly queue: Queue<WhatsappInboundJob>,
  ) {}

  /** Undefined where WhatsApp is off (production without a WhatsApp sender, or WHATSAPP=off). */
  static async configure(
    context: RuntimeContext,
    deps: WhatsappConnectorDeps,
  ): Promise<WhatsappConnector | undefined> {
    const { config, mongo, queues, logger } = context;
    const twilio = resolveTwilioSettings(config, new PublicBaseUrl(config.PUBLIC_BASE_URL));
    const settings = resolveWhatsappSettings(config, {
      usesStandIn: twilio.usesStandIn,
      freeFormWindowHours: describeChannel('whatsapp').freeFormWindowHours ?? 24,
    });
    if (!settings.enabled) return undefined;
    const messages = registerWhatsappMessageModel(mongo.connection);
    const contents = registerWhatsappContentModel(mongo.connection);
    await Promise.all([messages.init(), contents.init()]);
    const store = new WhatsappMessageStore(messages);
    const credentials = { accountSid: twilio.accountSid, authToken: twilio.authToken };
    const sender = new WhatsappSender({
      store,
      client: new TwilioMessagesClient({ baseUrl: twilio.apiBaseUrl, ...credentials }),
      contents: new ContentCatalog(contents, {
        baseUrl: () => settings.contentApiBaseUrl(twilio.apiBaseUrl()),
        ...credentials,
      }),
      sender: settings.sender,
      templates: settings.templates,
      freeFormWindowHours: settings.freeFormWindowHours,
      statusCallbackUrl: (messageId) => twilio.publicBaseUrl.of(whatsappStatusPathFor(messageId)),
      logger: logger.child({ component: 'whatsapp' }),
    });
    deps.outlets.register(whatsappOutlet(sender));
    const turns = new WhatsappTurns({
      store,
      sender,
      engine: deps.engine,
      identities: deps.identities,
      ...(deps.consent
        ? { consent: { optOut: (party, at) => deps.consent!().optOut(party, at) } }
        : {}),
      logger,
    });
    const queue = queues.define<WhatsappInboundJob, void>({
      name: INBOUND_WHATSAPP_QUEUE,
      process: (job) => turns.process(job.data),
      defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
      worker: { concurrency: 8 },
    });
    queues.every({
      name: 'whatsapp-inbound-sweep',
      intervalMs: SWEEP_EVERY_MS,
      run: async () => {
        for (const message of await store.unhandledOlderThan(SWEEP_AFTER_MS, 100)) {
          await queue.add('whatsapp-inbound', { messageId: message._id }, { jobId: message._id });
        }
      },
    });
    return new WhatsappConnector(settings, twilio, store, sender, queue);
  }

  registerRoutes(context: AppContext, standIn: TwilioStandIn | undefined): void {
    const { app, logger } = context;
    const { twilio } = this;
    app.addHook('onListen', async () => twilio.publicBaseUrl.bindTo(app.server.address()));
    registerWhatsappRoutes(app, {
      accountSid: twilio.accountSid,
      verifySignature: requireTwilioSignature(twilio.authToken, twilio.publicBaseUrl),
      parse: inboundWhatsappParser(twilio.accountSid),
      store: this.store,
      queue: this.queue,
      logger,
    });
    if (!standIn) return;
    // The stand-in now knows this sender: its messages, its window, its Content API.
    const whatsapp = standIn.enableWhatsapp({
      sender: this.settings.sender,
      webhookUrl: () => twilio.publicBaseUrl.of(INBOUND_WHATSAPP_PATH),
      templates: this.settings.templates,
      windowHours: this.settings.freeFormWindowHours,
    });
    registerWhatsappStandInRoutes(app, whatsapp, STAND_IN_MOUNT_PATH);
  }
}
