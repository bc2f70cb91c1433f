import type { Channel } from '../shared/channel';
import { AppError } from '../shared/errors';

/** An approved message template and the values of its placeholders, in their order ("1", "2"…). */
export interface MessageTemplate {
  /** The operator's name for the template ("promotion", "order-complete"); the connector maps it. */
  readonly name: string;
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * One message to a customer on a messaging channel, as the service means it; the channel's
 * connector decides how it is carried (plain text, WhatsApp formatting, a template outside the
 * channel's free-form window).
 */
export interface OutboundChannelMessage {
  /** Her handle on that channel: E.164 for the phone channels. */
  readonly to: string;
  readonly body: string;
  readonly purpose: 'conversational' | 'marketing' | 'transactional';
  /** The same key sends once (a retried job gets the first message's id back). */
  readonly idempotencyKey?: string;
  /**
   * The approved template that says the same thing, for channels that refuse free-form messages
   * outside a window; channels without one ignore it.
   */
  readonly template?: MessageTemplate;
  /** Waits for a sending slot (a campaign's rate gate); resolves with its moment. */
  readonly slot?: () => Promise<Date>;
}

/** How the service writes to her on one channel; each messaging connector registers its own. */
export interface ChannelOutlet {
  readonly channel: Channel;
  send(message: OutboundChannelMessage): Promise<{ messageId: string }>;
}

/**
 * The outlets of this runtime, by channel: the agent console, campaigns and notifications look a
 * channel's outlet up here instead of knowing its connector.
 */
export class ChannelOutlets {
  private readonly byChannel = new Map<Channel, ChannelOutlet>();

  register(outlet: ChannelOutlet): void {
    this.byChannel.set(outlet.channel, outlet);
  }

  find(channel: Channel): ChannelOutlet | undefined {
    return this.byChannel.get(channel);
  }

  get(channel: Channel): ChannelOutlet {
    const outlet = this.byChannel.get(channel);
    if (!outlet) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', `No outlet sends on ${channel} here`, {
        channel,
      });
    }
    return outlet;
  }

  channels(): Channel[] {
    return [...this.byChannel.keys()];
  }
}
