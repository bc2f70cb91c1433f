import type { ChannelOutlet } from '../../domain/messaging/channel-outlet';
import type { WhatsappSender } from './whatsapp-sender';

/**
 * WhatsApp as a channel outlet: what an agent, a campaign or a notice writes to her goes out
 * free-form inside her window and as its approved template outside it (CHANNEL_CLOSED when the
 * message has none, so the caller falls back to SMS).
 */
export function whatsappOutlet(sender: WhatsappSender): ChannelOutlet {
  return { channel: 'whatsapp', send: (message) => sender.send(message) };
}
