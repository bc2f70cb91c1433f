import type { Handover } from '../domain/handovers/handover';
import type {
  CallbackNumbers,
  CustomerNotifier,
  HandoverNotice,
} from '../domain/handovers/handover-desk';
import { newId } from '../domain/shared/ids';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';
import { describeChannel } from '../domain/shared/channel';
import type { Channel } from '../domain/shared/channel';
import type { AssistServices } from './assist-services';
import type { CustomerMessenger } from './customer-messenger';

/**
 * A chat shows short status lines under the conversation; a message to her phone (a text, a
 * WhatsApp) gets one line that stands on its own, with numbered answers where she can reply them.
 */
function wordsFor(notice: HandoverNotice, channel: Channel): string {
  const sms = describeChannel(channel).agentWrites === 'message';
  switch (notice.kind) {
    case 'joined':
      return sms
        ? `${notice.agentName} from our team has joined and will reply here.`
        : `${notice.agentName} joined`;
    case 'left':
      return sms
        ? `${notice.agentName} has finished. You're back with the assistant: reply any time.`
        : `${notice.agentName} left the chat. You're back with the assistant.`;
    case 'handed-on':
      return `${notice.agentName ?? 'Your colleague'} had to leave. Another colleague will take over here.`;
    case 'back-to-bot':
      return "Nobody from the team can take this right now, so you're back with the assistant. Ask for a person any time.";
    case 'escalated':
      return sms
        ? 'Sorry for the wait. I have asked a supervisor to find someone for you. Reply 2 to be called back, or 3 to carry on with the assistant.'
        : 'Sorry for the wait. I have asked a supervisor to find someone for you. You can also ask to be called back, or carry on with the assistant.';
    case 'queued':
      return `You are in the queue for a colleague: number ${notice.position}. They will reply here.`;
  }
}

/**
 * Tells the customer what happened to her handover on her own channel, and puts the line on her
 * timeline. Voice callers hear the call's own prompts, and a call back is told when it is made.
 */
export class CustomerNotices implements CustomerNotifier, CallbackNumbers {
  constructor(
    private readonly services: () => AssistServices,
    private readonly messenger: CustomerMessenger,
    private readonly logger: Logger,
  ) {}

  async tell(handover: Handover, notice: HandoverNotice): Promise<void> {
    if (describeChannel(handover.channel).handover === 'call-transfer') return;
    if (handover.kind === 'callback') return;
    const messageId = newId('ntc');
    let channel: Channel;
    let text: string;
    try {
      // The words depend on where they go, so the channel is chosen before they are written.
      channel = (await this.messenger.replyChannelFor(handover)) ?? handover.channel;
      text = wordsFor(notice, channel);
      channel = await this.messenger.deliver(handover, {
        author: 'system',
        text,
        idempotencyKey: messageId,
      });
    } catch (error) {
      // A notice that cannot go out must not undo the move it describes: the bot answers anyway.
      this.logger.warn({ err: error, handoverId: handover.id }, 'handover notice not delivered');
      return;
    }
    await this.services().interactions.record({
      party: handover.party,
      kind: 'message',
      channel,
      direction: 'outbound',
      summary: `Notice: ${text}`,
      ...(handover.conversationId ? { conversationId: handover.conversationId } : {}),
      ref: { type: 'message', id: messageId },
      details: { text, author: 'system', notice: notice.kind },
      dedupeKey: `notice:${messageId}`,
    });
  }

  async numberOf(party: PartyRef): Promise<string | undefined> {
    try {
      return await this.messenger.mobileOf(party);
    } catch {
      return undefined;
    }
  }
}
