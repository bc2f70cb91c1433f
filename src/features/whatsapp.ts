import type { ConversationEngine } from '../bot/conversation';
import { WhatsappConnector } from '../connectors/whatsapp/whatsapp-connector';
import type { TwilioStandIn } from '../connectors/twilio/stand-in/twilio-stand-in';
import type { CustomerService } from '../domain/customers/customer-service';
import type { IdentityService } from '../domain/customers/identity-service';
import type { ChannelOutlets } from '../domain/messaging/channel-outlet';
import type { AppContext, RuntimeContext } from '../runtime';

export interface WhatsappFeatureDependencies {
  engine: () => ConversationEngine;
  identities: () => Pick<IdentityService, 'resolve'>;
  /** Her WhatsApp promotions consent lives on her customer record (STOP on WhatsApp ends it). */
  customers: () => Pick<CustomerService, 'setMarketingConsent'>;
  /** The runtime's outlets: WhatsApp joins them, so agents, campaigns and notices can use it. */
  outlets: ChannelOutlets;
  /** The Twilio stand-in of this node (development and tests), which then speaks WhatsApp too. */
  standIn: () => TwilioStandIn | undefined;
}

/**
 * WhatsApp through Twilio for one runtime: `POST /webhooks/twilio/whatsapp` and its status
 * callback, the `whatsapp-inbound` queue whose worker runs the bot's turn, and the WhatsApp
 * outlet. Off in production until `WHATSAPP_FROM_NUMBER` names the sender (or with WHATSAPP=off).
 */
export function createWhatsappFeature(dependencies: WhatsappFeatureDependencies) {
  let connector: WhatsappConnector | undefined;
  return {
    name: 'whatsapp' as const,
    async configure(context: RuntimeContext): Promise<void> {
      connector = await WhatsappConnector.configure(context, {
        engine: dependencies.engine,
        identities: dependencies.identities,
        outlets: dependencies.outlets,
        consent: () => ({
          optOut: async (party, at) => {
            if (!party.customerId) return;
            await dependencies.customers().setMarketingConsent(party.customerId, 'whatsapp', {
              status: 'opted-out',
              source: 'whatsapp',
              at,
            });
          },
        }),
      });
      if (!connector) context.logger.info('whatsapp is off: no WHATSAPP_FROM_NUMBER');
    },
    configureApp(context: AppContext): void {
      connector?.registerRoutes(context, dependencies.standIn());
    },
  };
}
