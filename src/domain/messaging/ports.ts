import type { MediaAttachment, SmsPurpose } from './sms-message';

/** An inbound SMS as the conversation side sees it: already stored, verified and de-duplicated. */
export interface InboundSms {
  messageId: string;
  twilioSid: string;
  from: string;
  to: string;
  body: string;
  media: MediaAttachment[];
  receivedAt: Date;
}

/**
 * What acts on an inbound SMS that is not a consent or help keyword (the bot, later). Called from
 * a queue worker at least once per message; a message already handled is never passed again.
 */
export interface InboundSmsHandler {
  handle(message: InboundSms): Promise<void>;
}

export interface SendSmsRequest {
  /** E.164, or any international form that normalises to it. */
  to: string;
  body: string;
  purpose: SmsPurpose;
  /** Public URLs Twilio fetches and attaches (MMS). */
  mediaUrls?: string[];
  /**
   * The same key sends once: a retry of the work that sends this message (a redelivered job)
   * gets the first message's id back instead of texting the customer twice.
   */
  idempotencyKey?: string;
  /**
   * Called once the message passed its checks, right before it is stored: waits for a sending
   * slot (a rate gate) and resolves with the slot's moment, which the message is stored at, so
   * nothing but the insert lies between the grant and the record. Throwing stores nothing.
   */
  slot?: () => Promise<Date>;
}

export interface SmsSender {
  /**
   * Resolves once the message is stored and durably queued, not once it is sent; its status then
   * follows Twilio's callbacks. Refuses marketing to a number that opted out.
   */
  send(request: SendSmsRequest): Promise<{ messageId: string }>;
}

export const consentSourceKinds = ['sms-keyword', 'carrier-rejection', 'manual'] as const;
export type ConsentSourceKind = (typeof consentSourceKinds)[number];

/** Who changed a consent, when, and on the strength of what (a MessageSid, an error code…). */
export interface SmsConsentSource {
  kind: ConsentSourceKind;
  reference?: string;
  /** When the customer decided; a decision older than the recorded one does not replace it. */
  at: Date;
}

/** Whether a phone number may receive marketing SMS, and the opt-outs and opt-ins that decide it. */
export interface ConsentRegistry {
  isOptedIn(phone: string): Promise<boolean>;
  recordOptOut(phone: string, source: SmsConsentSource): Promise<void>;
  recordOptIn(phone: string, source: SmsConsentSource): Promise<void>;
}
