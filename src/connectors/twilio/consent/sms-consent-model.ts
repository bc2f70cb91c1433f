import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { consentSourceKinds } from '../../../domain/messaging';
import type { ConsentSourceKind } from '../../../domain/messaging';

export interface SmsConsentDocument {
  /** The phone number in E.164 (or a short code as received). */
  _id: string;
  status: 'opted-in' | 'opted-out';
  sourceKind: ConsentSourceKind;
  reference?: string;
  /** When the customer decided; what orders competing decisions. */
  decidedAt: Date;
  updatedAt: Date;
}

export type SmsConsentModel = Model<SmsConsentDocument>;

function smsConsentSchema(): Schema<SmsConsentDocument> {
  return new Schema<SmsConsentDocument>(
    {
      _id: { type: String, required: true },
      status: { type: String, enum: ['opted-in', 'opted-out'], required: true },
      sourceKind: { type: String, enum: consentSourceKinds, required: true },
      reference: String,
      decidedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'sms_consents', timestamps: { createdAt: false } },
  );
}

export function registerSmsConsentModel(connection: Connection): SmsConsentModel {
  return (
    (connection.models.SmsConsent as SmsConsentModel | undefined) ??
    connection.model<SmsConsentDocument>('SmsConsent', smsConsentSchema())
  );
}
