import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { smsDirections, smsPurposes } from './sms-message';
import type { MediaAttachment, SmsMessage } from './sms-message';
import { smsStatuses } from './sms-status';

export type SmsMessageModel = Model<SmsMessage>;

function smsMessageSchema(): Schema<SmsMessage> {
  const schema = new Schema<SmsMessage>(
    {
      _id: { type: String, required: true },
      direction: { type: String, enum: smsDirections, required: true },
      twilioSid: { type: String },
      from: String,
      to: { type: String, required: true },
      messagingServiceSid: String,
      body: { type: String, default: '' },
      media: {
        type: [
          new Schema<MediaAttachment>(
            { url: { type: String, required: true }, contentType: String },
            { _id: false },
          ),
        ],
        default: () => [],
      },
      status: { type: String, enum: smsStatuses, required: true },
      statusRank: { type: Number, required: true },
      purpose: { type: String, enum: smsPurposes, required: true },
      errorCode: Number,
      numSegments: Number,
      handledAt: Date,
      claimedBy: String,
      claimedUntil: Date,
      idempotencyKey: String,
    },
    { versionKey: false, collection: 'sms_messages', timestamps: true },
  );
  // Sparse: outbound messages have no sid until Twilio accepted them. Unique: one record per
  // Twilio message, which is what makes a redelivered webhook a no-op on every app node.
  schema.index({ twilioSid: 1 }, { unique: true, sparse: true });
  // One outbound message per key: a retried job that sends "the reply to message X" sends it once.
  schema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });
  schema.index({ to: 1, createdAt: -1 });
  schema.index({ from: 1, createdAt: -1 });
  // The inbound sweeper's query: accepted messages not yet acted on, oldest first.
  schema.index({ direction: 1, handledAt: 1, createdAt: 1 });
  return schema;
}

/** Registers the model on one connection (never the global mongoose), once per connection. */
export function registerSmsMessageModel(connection: Connection): SmsMessageModel {
  return (
    (connection.models.SmsMessage as SmsMessageModel | undefined) ??
    connection.model<SmsMessage>('SmsMessage', smsMessageSchema())
  );
}
