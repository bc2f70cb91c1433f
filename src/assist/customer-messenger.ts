import type { Handover } from '../domain/handovers/handover';
import type { Interaction } from '../domain/interactions/interaction';
import type { ChannelOutlets } from '../domain/messaging/channel-outlet';
import { describeChannel, fallbackChannelOf, isPhoneIdentified } from '../domain/shared/channel';
import type { Channel } from '../domain/shared/channel';
import { AppError, isAppError } from '../domain/shared/errors';
import { newId } from '../domain/shared/ids';
import type { PartyRef } from '../domain/shared/party';
import type { AssistServices, ChatOutboxPort } from './assist-services';

const SUMMARY_LENGTH = 80;

export interface AgentIdentity {
  agentId: string;
  displayName: string;
}

/** Words for her from the desk: an agent's reply, or a status line the desk writes itself. */
export interface DeskMessage {
  author: 'agent' | 'system';
  authorName?: string;
  text: string;
  /** The same key delivers once (a retried send gets the first message back). */
  idempotencyKey: string;
}

function summaryOf(label: string, text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `${label}: ${flat.length > SUMMARY_LENGTH ? `${flat.slice(0, SUMMARY_LENGTH - 3)}...` : flat}`;
}

/**
 * An agent talks to the customer through her own channel, as its registry entry says an agent
 * writes there: into her open chat, or as a message to her number through that channel's outlet.
 * When the channel cannot carry it here (no chat on this node, no outlet, a closed WhatsApp
 * window), the words go along the channel's fallback (her phone by text). Every message lands on
 * her timeline in the same conversation as the bot's, on the channel it actually went by.
 */
export class CustomerMessenger {
  constructor(
    private readonly services: () => AssistServices,
    private readonly chat: () => ChatOutboxPort | undefined,
    private readonly outlets: ChannelOutlets | undefined,
  ) {}

  async send(handover: Handover, agent: AgentIdentity, text: string): Promise<Interaction> {
    const messageId = newId('agm');
    const channel = await this.deliver(handover, {
      author: 'agent',
      authorName: agent.displayName,
      text,
      idempotencyKey: messageId,
    });
    return this.services().interactions.record({
      party: handover.party,
      kind: 'message',
      channel,
      direction: 'outbound',
      summary: summaryOf(`${describeChannel(channel).timelineLabel} from agent`, text),
      ...(handover.conversationId ? { conversationId: handover.conversationId } : {}),
      ref: { type: 'message', id: messageId },
      details: { text, author: 'agent', agentId: agent.agentId, agentName: agent.displayName },
      dedupeKey: `agent-out:${messageId}`,
    });
  }

  /** Delivers the words on the first channel along her handover's that carries them; says which. */
  async deliver(handover: Handover, message: DeskMessage): Promise<Channel> {
    let closed: unknown;
    for (const channel of this.candidates(handover.channel)) {
      const writes = describeChannel(channel).agentWrites;
      if (writes === 'chat') {
        const outbox = this.chat();
        if (!outbox) continue;
        await outbox.sendToParty(handover.party, {
          author: message.author,
          ...(message.authorName ? { authorName: message.authorName } : {}),
          text: message.text,
        });
        return channel;
      }
      const outlet = writes === 'message' ? this.outlets?.find(channel) : undefined;
      if (!outlet) continue;
      try {
        await outlet.send({
          to: await this.handleOn(handover.party, channel),
          body: message.text,
          purpose: 'transactional',
          // A fallback is a second message, not a retry of the first.
          idempotencyKey: `${message.idempotencyKey}:${channel}`,
        });
        return channel;
      } catch (error) {
        if (!isAppError(error) || error.code !== 'CHANNEL_CLOSED') throw error;
        closed = error;
      }
    }
    if (closed) throw closed;
    throw new AppError('UNPROCESSABLE', 'There is no way to write to this customer from here', {
      channel: handover.channel,
    });
  }

  /** The channel an agent's reply would go by now, for the panel ("replies by text message"). */
  async replyChannelFor(handover: Handover): Promise<Channel | undefined> {
    const hasPhone = await this.mobileOf(handover.party).then(
      () => true,
      () => false,
    );
    return this.replyChannelGiven(handover.channel, hasPhone);
  }

  /** The same, when the caller already knows whether she has a mobile number. */
  replyChannelGiven(channel: Channel, hasPhone: boolean): Channel | undefined {
    return this.candidates(channel).find((candidate) => {
      const writes = describeChannel(candidate).agentWrites;
      if (writes === 'chat') return this.chat() !== undefined;
      return (
        writes === 'message' &&
        this.outlets?.find(candidate) !== undefined &&
        isPhoneIdentified(candidate) &&
        hasPhone
      );
    });
  }

  /** Her channel, then its fallbacks in turn (web chat → text message), each once. */
  private candidates(start: Channel): Channel[] {
    const chain: Channel[] = [];
    for (let next: Channel | undefined = start; next && !chain.includes(next);) {
      chain.push(next);
      next = fallbackChannelOf(next);
    }
    return chain;
  }

  /** Her handle on a message channel: for the phone channels, her mobile. */
  private async handleOn(party: PartyRef, channel: Channel): Promise<string> {
    if (!isPhoneIdentified(channel)) {
      throw new AppError('UNPROCESSABLE', 'This channel has no handle an agent can write to');
    }
    return this.mobileOf(party);
  }

  /** Her mobile: the customer record's, or the number a visitor wrote or called from. */
  async mobileOf(party: PartyRef): Promise<string> {
    if (party.customerId) {
      const customer = await this.services().customers.get(party.customerId);
      if (customer.mobile) return customer.mobile;
    } else if (party.visitorId) {
      const visitor = await this.services().identities.getVisitor(party.visitorId);
      if (isPhoneIdentified(visitor.channel)) return visitor.handle;
    }
    throw new AppError('UNPROCESSABLE', 'This customer has no mobile number to text');
  }
}
