import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

export const whatsappStatuses = [
  'received',
  'pending',
  'accepted',
  'queued',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
] as const;
export type WhatsappStatus = (typeof whatsappStatuses)[number];

/** How far a status is along Twilio's progression: a late callback never moves a message back. */
export const statusRank: Record<WhatsappStatus, number> = {
  received: 0,
  pending: 0,
  accepted: 1,
  queued: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  undelivered: 6,
  failed: 6,
};

/** One WhatsApp message either way, as this connector keeps it. */
export interface WhatsappMessage {
  _id: string;
  direction: 'inbound' | 'outbound';
  twilioSid?: string;
  /** Her number (E.164), whichever way the message went. */
  number: string;
  body: string;
  /** A tapped button's or list item's id, and its label as she saw it. */
  buttonPayload?: string;
  buttonText?: string;
  /** An outbound message sent as approved or rich content. */
  contentSid?: string;
  template?: string;
  purpose?: 'conversational' | 'marketing' | 'transactional';
  status: WhatsappStatus;
  statusRank: number;
  errorCode?: number;
  idempotencyKey?: string;
  handledAt?: Date;
  createdAt?: Date;
  updatedAt?: Date;
}

export type WhatsappMessageModel = Model<WhatsappMessage>;

function whatsappMessageSchema(): Schema<WhatsappMessage> {
  const schema = new Schema<WhatsappMessage>(
    {
      _id: { type: String, required: true },
      direction: { type: String, enum: ['inbound', 'outbound'], required: true },
      twilioSid: String,
      number: { type: String, required: true },
      body: { type: String, default: '' },
      buttonPayload: String,
      buttonText: String,
      contentSid: String,
      template: String,
      purpose: { type: String, enum: ['conversational', 'marketing', 'transactional'] },
      status: { type: String, enum: whatsappStatuses, required: true },
      statusRank: { type: Number, required: true },
      errorCode: Number,
      idempotencyKey: String,
      handledAt: Date,
    },
    { versionKey: false, collection: 'whatsapp_messages', timestamps: true },
  );
  // One record per Twilio message: a redelivered webhook is a no-op on every node.
  schema.index({ twilioSid: 1 }, { unique: true, sparse: true });
  // One outbound message per key: a retried job sends "the reply to message X" once.
  schema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });
  // Her customer-service window: her latest inbound message.
  schema.index({ number: 1, direction: 1, createdAt: -1 });
  // The sweeper's query: accepted inbound messages not yet acted on, oldest first.
  schema.index({ direction: 1, handledAt: 1, createdAt: 1 });
  return schema;
}

export function registerWhatsappMessageModel(connection: Connection): WhatsappMessageModel {
  return (
    (connection.models.WhatsappMessage as WhatsappMessageModel | undefined) ??
    connection.model<WhatsappMessage>('WhatsappMessage', whatsappMessageSchema())
  );
}

export interface WhatsappContent {
  /** The hash of the content's definition: the same buttons are created once. */
  _id: string;
  sid: string;
  createdAt?: Date;
}

export type WhatsappContentModel = Model<WhatsappContent>;

export function registerWhatsappContentModel(connection: Connection): WhatsappContentModel {
  return (
    (connection.models.WhatsappContent as WhatsappContentModel | undefined) ??
    connection.model<WhatsappContent>(
      'WhatsappContent',
      new Schema<WhatsappContent>(
        { _id: { type: String, required: true }, sid: { type: String, required: true } },
        { versionKey: false, collection: 'whatsapp_contents', timestamps: true },
      ),
    )
  );
}
