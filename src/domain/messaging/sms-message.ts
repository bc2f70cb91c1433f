import type { SmsStatus } from './sms-status';

export const smsDirections = ['inbound', 'outbound'] as const;
export type SmsDirection = (typeof smsDirections)[number];

/**
 * Why a message is sent. Only `marketing` needs the recipient's opt-in; `transactional` (order
 * done, one-time codes, HELP answers) and `conversational` (replies in a chat the customer started)
 * are what the customer asked for.
 */
export const smsPurposes = ['conversational', 'marketing', 'transactional'] as const;
export type SmsPurpose = (typeof smsPurposes)[number];

export interface MediaAttachment {
  url: string;
  contentType?: string;
}

/** One SMS or MMS, in either direction, as stored in `sms_messages`. */
export interface SmsMessage {
  _id: string;
  direction: SmsDirection;
  /** Twilio's MessageSid (`SM…`/`MM…`); unknown for an outbound message until Twilio accepted it. */
  twilioSid?: string;
  /** E.164; absent for outbound messages sent through a Messaging Service until Twilio picks a number. */
  from?: string;
  to: string;
  messagingServiceSid?: string;
  body: string;
  media: MediaAttachment[];
  status: SmsStatus;
  /** Stored beside `status` so "only move forward" is one atomic conditional update. */
  statusRank: number;
  purpose: SmsPurpose;
  /** Twilio's error code (21211 invalid number, 21610 unsubscribed recipient…). */
  errorCode?: number;
  numSegments?: number;
  /** Inbound only: set once the message was acted on, so a redelivered job does nothing. */
  handledAt?: Date;
  /**
   * Inbound only: which job run is acting on the message, and until when. Keeps a message
   * re-queued after Redis lost its job from being acted on twice while the first run still works.
   */
  claimedBy?: string;
  claimedUntil?: Date;
  /** Outbound only: the key that made a retried send return this message instead of a second one. */
  idempotencyKey?: string;
  createdAt: Date;
  updatedAt: Date;
}
