import { toRfc2822 } from './rfc2822';

export type OutboxStatus = 'accepted' | 'queued' | 'sent' | 'delivered' | 'failed';

/** A message the stand-in accepted through its REST API, as Twilio would hold it. */
export interface OutboxMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  status: OutboxStatus;
  numSegments: number;
  statusCallback: string | undefined;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  /** A Content API message (buttons, a list, a template) rather than a body of its own. */
  contentSid?: string | null;
  /** Twilio's code for a message that failed after it was accepted (63016: WhatsApp window). */
  errorCode?: number | null;
  /** Set when the message is accepted but will fail with this code (the progression posts it). */
  failWith?: number;
}

const errorMessages: Record<number, string> = {
  63016:
    'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
};

/** Twilio's Message resource (API version 2010-04-01), field for field. */
export function toMessageResource(message: OutboxMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: toRfc2822(message.dateCreated),
    date_sent: message.dateSent ? toRfc2822(message.dateSent) : null,
    date_updated: toRfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode ?? null,
    error_message: message.errorCode
      ? (errorMessages[message.errorCode] ?? 'Message failed')
      : null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}
