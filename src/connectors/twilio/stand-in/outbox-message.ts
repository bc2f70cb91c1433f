import { toRfc2822 } from './rfc2822';

export type OutboxStatus = 'accepted' | 'queued' | 'sent' | 'delivered';

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
}

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
    error_code: null,
    error_message: null,
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
