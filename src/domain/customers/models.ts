import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { channels } from '../shared/channel';
import {
  consentPurposes,
  consentSources,
  consentStatuses,
  customerSegments,
  customerStatuses,
  identityChannels,
  subscriptionStatuses,
} from './customer';
import type {
  Consent,
  CustomerName,
  CustomerSegment,
  CustomerStatus,
  Identity,
  IdentityChannel,
  Subscription,
} from './customer';

export interface CustomerDocument {
  _id: string;
  name: CustomerName;
  status: CustomerStatus;
  segment: CustomerSegment;
  language: string;
  timezone: string;
  region: string;
  mobile?: string;
  email?: string;
  customerSince: Date;
  subscriptions: Subscription[];
  consent: Consent;
  identities: Identity[];
  /** Derived from `identities` (see identity-key.ts); the unique index lives here. */
  identityKeys: string[];
  /** Completed orders already applied to `subscriptions`, so a redelivered completion is a no-op. */
  appliedOrderIds: string[];
  createdAt: Date;
  lastUpdate: Date;
  /** Optimistic concurrency: every write names the version it read. */
  version: number;
}

export interface SmsChallenge {
  phone: string;
  codeHash: string;
  sentAt: Date;
  expiresAt: Date;
  attempts: number;
  /** Set when the code was accepted: a code signs in once, and a replay is told it was used. */
  usedAt?: Date;
}

/** Someone seen on a channel but not (yet) known as a customer. */
export interface VisitorDocument {
  _id: string;
  channel: IdentityChannel;
  handle: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  smsChallenge?: SmsChallenge;
  /** Set once, when proof tied the visitor to a customer. */
  linkedCustomerId?: string;
  linkedAt?: Date;
  linkProof?: 'sms-code' | 'campaign-link';
  /** Set when every merge participant finished; until then a retry completes the merge. */
  mergedAt?: Date;
}

export interface CustomerModels {
  Customer: Model<CustomerDocument>;
  Visitor: Model<VisitorDocument>;
}

const nameSchema = new Schema<CustomerName>(
  { given: { type: String, required: true }, family: { type: String, default: '' } },
  { _id: false },
);

const subscriptionSchema = new Schema<Subscription>(
  {
    id: { type: String, required: true },
    offeringId: { type: String, required: true },
    offeringName: { type: String, required: true },
    isPlan: { type: Boolean, required: true },
    status: { type: String, enum: subscriptionStatuses, required: true },
    characteristics: { type: Schema.Types.Mixed, default: () => ({}) },
    startDate: { type: Date, required: true },
    endDate: Date,
    orderId: String,
  },
  { _id: false, minimize: false },
);

const consentStateFields = {
  status: { type: String, enum: consentStatuses, required: true },
  at: { type: Date, required: true },
  source: { type: String, enum: consentSources, required: true },
};

const consentSchema = new Schema(
  {
    ...Object.fromEntries(
      consentPurposes.map((purpose) => [
        purpose,
        { type: new Schema(consentStateFields, { _id: false }), required: false },
      ]),
    ),
    history: [
      new Schema(
        { ...consentStateFields, purpose: { type: String, enum: consentPurposes, required: true } },
        { _id: false },
      ),
    ],
  },
  { _id: false },
);

const identitySchema = new Schema<Identity>(
  {
    channel: { type: String, enum: identityChannels, required: true },
    handle: { type: String, required: true },
    addedAt: { type: Date, required: true },
  },
  { _id: false },
);

function customerSchema(): Schema<CustomerDocument> {
  const schema = new Schema<CustomerDocument>(
    {
      _id: { type: String, required: true },
      name: { type: nameSchema, required: true },
      status: { type: String, enum: customerStatuses, required: true },
      segment: { type: String, enum: customerSegments, required: true },
      language: { type: String, required: true },
      timezone: { type: String, required: true },
      region: { type: String, required: true },
      mobile: String,
      email: String,
      customerSince: { type: Date, required: true },
      subscriptions: { type: [subscriptionSchema], default: () => [] },
      consent: { type: consentSchema, default: () => ({ history: [] }) },
      identities: { type: [identitySchema], default: () => [] },
      identityKeys: { type: [String], required: true },
      appliedOrderIds: { type: [String], default: () => [] },
      createdAt: { type: Date, required: true },
      lastUpdate: { type: Date, required: true },
      version: { type: Number, required: true },
    },
    { versionKey: false, collection: 'customers' },
  );
  schema.index({ identityKeys: 1 }, { unique: true });
  schema.index({ mobile: 1 });
  schema.index({ email: 1 });
  schema.index({ status: 1, segment: 1 });
  return schema;
}

function visitorSchema(): Schema<VisitorDocument> {
  const schema = new Schema<VisitorDocument>(
    {
      _id: { type: String, required: true },
      channel: { type: String, enum: channels, required: true },
      handle: { type: String, required: true },
      firstSeenAt: { type: Date, required: true },
      lastSeenAt: { type: Date, required: true },
      smsChallenge: {
        type: new Schema<SmsChallenge>(
          {
            phone: { type: String, required: true },
            codeHash: { type: String, required: true },
            sentAt: { type: Date, required: true },
            expiresAt: { type: Date, required: true },
            attempts: { type: Number, required: true },
            usedAt: { type: Date, required: false },
          },
          { _id: false },
        ),
        required: false,
      },
      linkedCustomerId: String,
      linkedAt: Date,
      linkProof: { type: String, enum: ['sms-code', 'campaign-link'] },
      mergedAt: Date,
    },
    { versionKey: false, collection: 'visitors' },
  );
  schema.index({ channel: 1, handle: 1 }, { unique: true });
  schema.index({ linkedCustomerId: 1 });
  return schema;
}

/** Registers the customer models on one connection (never the global mongoose), once per connection. */
export function createCustomerModels(connection: Connection): CustomerModels {
  return {
    Customer:
      (connection.models.Customer as Model<CustomerDocument> | undefined) ??
      connection.model<CustomerDocument>('Customer', customerSchema()),
    Visitor:
      (connection.models.Visitor as Model<VisitorDocument> | undefined) ??
      connection.model<VisitorDocument>('Visitor', visitorSchema()),
  };
}
