import type { Handover } from '../domain/handovers/handover';
import type { Interaction } from '../domain/interactions/interaction';
import { AppError } from '../domain/shared/errors';
import { newId } from '../domain/shared/ids';
import type { PartyRef } from '../domain/shared/party';
import type { AssistServices, ChatOutboxPort } from './assist-services';

const SUMMARY_LENGTH = 80;

export interface AgentIdentity {
  agentId: string;
  displayName: string;
}

function summaryOf(label: string, text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `${label}: ${flat.length > SUMMARY_LENGTH ? `${flat.slice(0, SUMMARY_LENGTH - 3)}...` : flat}`;
}

/**
 * An agent talks to the customer through her own channel: into her web chat when she came from
 * it (and web chat runs on this node), otherwise by SMS to her number. Every message lands on her
 * timeline in the same conversation as the bot's, marked as the agent's.
 */
export class CustomerMessenger {
  constructor(
    private readonly services: () => AssistServices,
    private readonly chat: () => ChatOutboxPort | undefined,
  ) {}

  async send(handover: Handover, agent: AgentIdentity, text: string): Promise<Interaction> {
    const channel = this.channelFor(handover);
    const messageId = newId('agm');
    if (channel === 'webchat') {
      const outbox = this.chat();
      if (!outbox) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Web chat does not run here');
      await outbox.sendToParty(handover.party, {
        author: 'agent',
        authorName: agent.displayName,
        text,
      });
    } else {
      const to = await this.mobileOf(handover.party);
      await this.services().sms.send({
        to,
        body: text,
        purpose: 'transactional',
        idempotencyKey: messageId,
      });
    }
    return this.services().interactions.record({
      party: handover.party,
      kind: 'message',
      channel,
      direction: 'outbound',
      summary: summaryOf(channel === 'sms' ? 'SMS from agent' : 'Chat from agent', text),
      ...(handover.conversationId ? { conversationId: handover.conversationId } : {}),
      ref: { type: 'message', id: messageId },
      details: { text, author: 'agent', agentId: agent.agentId, agentName: agent.displayName },
      dedupeKey: `agent-out:${messageId}`,
    });
  }

  /** Web chat for chat and portal customers while web chat runs here; SMS for everyone else. */
  channelFor(handover: Handover): 'sms' | 'webchat' {
    const web = handover.channel === 'webchat' || handover.channel === 'selfcare';
    return web && this.chat() ? 'webchat' : 'sms';
  }

  /** Her mobile: the customer record's, or the number an SMS visitor wrote from. */
  async mobileOf(party: PartyRef): Promise<string> {
    if (party.customerId) {
      const customer = await this.services().customers.get(party.customerId);
      if (customer.mobile) return customer.mobile;
    } else if (party.visitorId) {
      const visitor = await this.services().identities.getVisitor(party.visitorId);
      if (visitor.channel === 'sms' || visitor.channel === 'voice') return visitor.handle;
    }
    throw new AppError('UNPROCESSABLE', 'This customer has no mobile number to text');
  }
}
