import type { Queue } from 'bullmq';
import { RecipientOptedOutError, toE164 } from '../../domain/messaging';
import type {
  ConsentRegistry,
  SendSmsRequest,
  SmsMessageStore,
  SmsSender,
} from '../../domain/messaging';
import { AppError } from '../../domain/shared/errors';
import type { OutboundSmsJob } from './outbound-sms-processor';

/** Twilio's limits: 1600 characters of body, 10 media items. */
const MAX_BODY_LENGTH = 1600;
const MAX_MEDIA = 10;

export interface QueuedSmsSenderDeps {
  store: SmsMessageStore;
  consent: ConsentRegistry;
  queue: Queue<OutboundSmsJob>;
  fromNumber: string;
  messagingServiceSid: string | undefined;
}

/** Stores the message, then queues it (job id = message id); the worker talks to Twilio. */
export class QueuedSmsSender implements SmsSender {
  constructor(private readonly deps: QueuedSmsSenderDeps) {}

  async send(request: SendSmsRequest): Promise<{ messageId: string }> {
    const to = toE164(request.to);
    if (!to) {
      throw new AppError('VALIDATION_FAILED', 'The recipient is not an international phone number');
    }
    const mediaUrls = request.mediaUrls ?? [];
    validateContent(request.body, mediaUrls);
    if (request.purpose === 'marketing' && !(await this.deps.consent.isOptedIn(to))) {
      throw new RecipientOptedOutError();
    }
    const { messagingServiceSid, fromNumber } = this.deps;
    const at = request.slot ? await request.slot() : undefined;
    const messageId = await this.deps.store.createOutbound({
      ...(at ? { createdAt: at } : {}),
      to,
      ...(messagingServiceSid ? { messagingServiceSid } : { from: fromNumber }),
      body: request.body,
      media: mediaUrls.map((url) => ({ url })),
      purpose: request.purpose,
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
    });
    await this.deps.queue.add('send', { messageId }, { jobId: messageId });
    return { messageId };
  }
}

function validateContent(body: string, mediaUrls: string[]): void {
  if (!body.trim() && mediaUrls.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'An SMS needs a body or media');
  }
  if (body.length > MAX_BODY_LENGTH) {
    throw new AppError('VALIDATION_FAILED', `An SMS body is at most ${MAX_BODY_LENGTH} characters`);
  }
  if (mediaUrls.length > MAX_MEDIA) {
    throw new AppError('VALIDATION_FAILED', `An MMS carries at most ${MAX_MEDIA} media`);
  }
  for (const url of mediaUrls) {
    if (!/^https?:\/\//.test(url) || !URL.canParse(url)) {
      throw new AppError('VALIDATION_FAILED', 'Media must be http(s) URLs Twilio can fetch');
    }
  }
}
