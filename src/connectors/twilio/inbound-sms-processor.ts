import type {
  ConsentRegistry,
  InboundSmsHandler,
  SmsMessage,
  SmsMessageStore,
  SmsSender,
} from '../../domain/messaging';
import type { Logger } from '../../infra/logger';
import { routeInboundSms } from './consent/keyword-routing';

export const INBOUND_SMS_QUEUE = 'sms-inbound';

export interface InboundSmsJob {
  messageId: string;
}

export const DEFAULT_HELP_TEXT =
  'Sales assistant: reply with your question, or STOP to stop offers, START to resume them. Msg&data rates may apply.';

/**
 * How long a job run may act on a message before another run may take over. Longer than any bot
 * turn; only a run that is not the holder's own retry (a job re-queued after Redis lost the
 * first) ever waits for it.
 */
export const HANDLING_LEASE_MS = 60_000;

/** What became of one job run: done, or to be tried again once another run's lease ends. */
export type InboundSmsRunOutcome = { outcome: 'done' } | { outcome: 'retry-at'; at: Date };

export interface InboundSmsProcessorDeps {
  store: SmsMessageStore;
  consent: ConsentRegistry;
  sender: SmsSender;
  handler: InboundSmsHandler | undefined;
  helpText: string;
  logger: Logger;
  /** Whether the number is on the opt-out list (not whether it accepts marketing). */
  numberOptedOut: (phone: string) => Promise<boolean>;
}

/** Acts on one stored inbound SMS: consent and help keywords here, everything else to the handler. */
export class InboundSmsProcessor {
  constructor(private readonly deps: InboundSmsProcessorDeps) {}

  /** `holder` names this job run; a retry of the same run presents the same name. */
  async process(job: InboundSmsJob, holder: string): Promise<InboundSmsRunOutcome> {
    const { store, logger } = this.deps;
    const message = await store.findById(job.messageId);
    if (!message) {
      logger.warn({ messageId: job.messageId }, 'inbound sms job for an unknown message');
      return { outcome: 'done' };
    }
    // A job re-added after a redelivered webhook, or retried after a crash past this point.
    if (message.handledAt) return { outcome: 'done' };
    const claim = await store.claimForHandling(message._id, holder, HANDLING_LEASE_MS);
    if (claim.outcome === 'handled') return { outcome: 'done' };
    if (claim.outcome === 'held') return { outcome: 'retry-at', at: claim.until };
    await this.act(message);
    await store.markHandled(message._id);
    return { outcome: 'done' };
  }

  private async act(message: SmsMessage): Promise<void> {
    const { consent, sender, handler, logger } = this.deps;
    const from = message.from ?? '';
    const source = {
      kind: 'sms-keyword' as const,
      reference: message.twilioSid,
      at: message.createdAt,
    };
    switch (await routeInboundSms(message.body, () => this.deps.numberOptedOut(from))) {
      case 'opt-out':
        await consent.recordOptOut(from, source);
        logger.info({ messageId: message._id }, 'sms opt-out recorded');
        return;
      case 'opt-in':
        await consent.recordOptIn(from, source);
        logger.info({ messageId: message._id }, 'sms opt-in recorded');
        return;
      case 'help':
        await sender.send({ to: from, body: this.deps.helpText, purpose: 'transactional' });
        return;
      case 'conversation':
        if (!handler) {
          logger.debug({ messageId: message._id }, 'no inbound sms handler registered');
          return;
        }
        await handler.handle({
          messageId: message._id,
          twilioSid: message.twilioSid ?? '',
          from,
          to: message.to,
          body: message.body,
          media: message.media,
          receivedAt: message.createdAt,
        });
    }
  }
}
