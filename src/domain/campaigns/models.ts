import { promotionChannels } from '../shared/channel';
import type { PromotionChannel } from '../shared/channel';
import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { campaignStatuses, skipReasons } from './campaign';
import type {
  CampaignCounters,
  CampaignPromotionRef,
  CampaignSchedule,
  CampaignStatus,
  QuietHours,
  RevenueTotals,
  SkipReason,
} from './campaign';

export interface CampaignDocument {
  _id: string;
  name: string;
  offeringId: string;
  offeringName: string;
  promotion?: CampaignPromotionRef;
  template: string;
  audience: Record<string, unknown>;
  /** Absent on campaigns written before channels: SMS. */
  channel?: PromotionChannel;
  ratePerSecond: number;
  quietHours: QuietHours;
  maxSegments: number;
  status: CampaignStatus;
  schedule?: CampaignSchedule;
  run: number;
  counters: CampaignCounters;
  revenue?: RevenueTotals;
  /** Where the audience walk stands: the last customer id put into a chunk. */
  dispatchCursor?: string;
  dispatchFinishedAt?: Date;
  createdBy: string;
  createdAt: Date;
  lastUpdate: Date;
  completedAt?: Date;
  archivedAt?: Date;
  duplicatedFrom?: string;
  testSends?: number;
}

export const chunkStates = ['pending', 'waiting', 'done'] as const;
export type ChunkState = (typeof chunkStates)[number];

/** Up to a thousand consecutive audience members (by `_id`), processed by one chunk job. */
export interface CampaignChunkDocument {
  /** `${campaignId}:${last customer id the walk looked at}`. */
  _id: string;
  campaignId: string;
  fromId: string;
  toId: string;
  /** Its members, decided when the audience was walked (consent is checked again at sending). */
  customerIds: string[];
  size: number;
  state: ChunkState;
  /** Set once its recipient records exist. */
  materialisedAt?: Date;
  /** While `waiting`: when the next deferred recipient may be messaged. */
  wakeAt?: Date;
}

/**
 * claimed once per campaign and customer (the `_id` is the pair):
 * pending → sending (owner) → handed (messageId) | skipped (reason) | deferred (until) → sending…
 */
export const recipientStates = ['pending', 'sending', 'deferred', 'handed', 'skipped'] as const;
export type RecipientState = (typeof recipientStates)[number];

export interface CampaignRecipientDocument {
  /** `${campaignId}:${customerId}`: the unique claim. */
  _id: string;
  campaignId: string;
  customerId: string;
  chunkId: string;
  /** The personal link code (`/l/:code`); unique. */
  code: string;
  state: RecipientState;
  /** The job attempt that holds it while `sending`. */
  owner?: string;
  sendingSince?: Date;
  /** E.164, once known (so a crashed send can be found in the SMS records). */
  to?: string;
  deferredUntil?: Date;
  skipReason?: SkipReason;
  messageId?: string;
  handedAt?: Date;
  clickedAt?: Date;
  createdAt: Date;
}

/** One per order attributed to a campaign, so a redelivered event counts once. */
export interface CampaignConversionDocument {
  /** The order id. */
  _id: string;
  campaignId: string;
  customerId: string;
  revenue: RevenueTotals;
  at: Date;
}

export interface CampaignModels {
  Campaign: Model<CampaignDocument>;
  CampaignChunk: Model<CampaignChunkDocument>;
  CampaignRecipient: Model<CampaignRecipientDocument>;
  CampaignConversion: Model<CampaignConversionDocument>;
}

const emptyCounters = (): CampaignCounters => ({
  targeted: 0,
  sent: 0,
  deferred: 0,
  skipped: { 'no-consent': 0, 'invalid-number': 0, 'not-found': 0 },
  clicked: 0,
  converted: 0,
});

function campaignSchema(): Schema<CampaignDocument> {
  const schema = new Schema<CampaignDocument>(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      offeringId: { type: String, required: true },
      offeringName: { type: String, required: true },
      promotion: Schema.Types.Mixed,
      template: { type: String, required: true },
      audience: { type: Schema.Types.Mixed, default: () => ({}) },
      channel: { type: String, enum: promotionChannels },
      ratePerSecond: { type: Number, required: true },
      quietHours: {
        type: new Schema<QuietHours>(
          {
            allowedFrom: { type: String, required: true },
            allowedUntil: { type: String, required: true },
            timeZone: String,
          },
          { _id: false },
        ),
        required: true,
      },
      maxSegments: { type: Number, required: true },
      status: { type: String, enum: campaignStatuses, required: true },
      schedule: {
        type: new Schema<CampaignSchedule>(
          { startAt: { type: Date, required: true }, everyDays: Number },
          { _id: false },
        ),
        required: false,
      },
      run: { type: Number, required: true, default: 0 },
      counters: { type: Schema.Types.Mixed, default: emptyCounters },
      revenue: Schema.Types.Mixed,
      dispatchCursor: String,
      dispatchFinishedAt: Date,
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      lastUpdate: { type: Date, required: true },
      completedAt: Date,
      archivedAt: Date,
      duplicatedFrom: String,
      testSends: Number,
    },
    { versionKey: false, collection: 'campaigns', minimize: false },
  );
  schema.index({ createdAt: -1 });
  return schema;
}

function chunkSchema(): Schema<CampaignChunkDocument> {
  const schema = new Schema<CampaignChunkDocument>(
    {
      _id: { type: String, required: true },
      campaignId: { type: String, required: true },
      fromId: { type: String, required: true },
      toId: { type: String, required: true },
      customerIds: { type: [String], default: () => [] },
      size: { type: Number, required: true },
      state: { type: String, enum: chunkStates, required: true },
      materialisedAt: Date,
      wakeAt: Date,
    },
    { versionKey: false, collection: 'campaign_chunks' },
  );
  schema.index({ campaignId: 1, state: 1 });
  return schema;
}

function recipientSchema(): Schema<CampaignRecipientDocument> {
  const schema = new Schema<CampaignRecipientDocument>(
    {
      _id: { type: String, required: true },
      campaignId: { type: String, required: true },
      customerId: { type: String, required: true },
      chunkId: { type: String, required: true },
      code: { type: String, required: true },
      state: { type: String, enum: recipientStates, required: true },
      owner: String,
      sendingSince: Date,
      to: String,
      deferredUntil: Date,
      skipReason: { type: String, enum: skipReasons },
      messageId: String,
      handedAt: Date,
      clickedAt: Date,
      createdAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'campaign_recipients' },
  );
  schema.index({ code: 1 }, { unique: true });
  schema.index({ chunkId: 1, state: 1 });
  schema.index({ campaignId: 1, state: 1 });
  return schema;
}

function conversionSchema(): Schema<CampaignConversionDocument> {
  const schema = new Schema<CampaignConversionDocument>(
    {
      _id: { type: String, required: true },
      campaignId: { type: String, required: true },
      customerId: { type: String, required: true },
      revenue: { type: Schema.Types.Mixed, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false, collection: 'campaign_conversions' },
  );
  schema.index({ campaignId: 1 });
  return schema;
}

function model<T>(connection: Connection, name: string, schema: () => Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema());
}

/** Registers the campaign models on one connection (never the global mongoose), once per connection. */
export function createCampaignModels(connection: Connection): CampaignModels {
  return {
    Campaign: model(connection, 'Campaign', campaignSchema),
    CampaignChunk: model(connection, 'CampaignChunk', chunkSchema),
    CampaignRecipient: model(connection, 'CampaignRecipient', recipientSchema),
    CampaignConversion: model(connection, 'CampaignConversion', conversionSchema),
  };
}

export { emptyCounters };
export type { SkipReason };
