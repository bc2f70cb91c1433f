import type { PromotionChannel } from '../shared/channel';
/** A campaign's lifecycle; `campaign-status.ts` holds the legal moves. */
export const campaignStatuses = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** Local wall-clock times `HH:MM` between which a recipient may be messaged, in her own time zone. */
export interface QuietHours {
  /** First minute sends are allowed, e.g. `08:00`. */
  allowedFrom: string;
  /** First minute sends are no longer allowed, e.g. `21:00`. */
  allowedUntil: string;
  /** Read the hours in this zone for everyone; default: each recipient's own zone. */
  timeZone?: string;
}

export const defaultQuietHours: QuietHours = { allowedFrom: '08:00', allowedUntil: '21:00' };

/** When to start: once at a time, or again every `everyDays` days (each run reaches new recipients only). */
export interface CampaignSchedule {
  startAt: Date;
  everyDays?: number;
}

/** Why a targeted recipient was not sent the message. */
export const skipReasons = ['no-consent', 'invalid-number', 'not-found'] as const;
export type SkipReason = (typeof skipReasons)[number];

export interface RevenueTotals {
  currency: string;
  /** Minor units. */
  oneTime: number;
  /** Minor units per month. */
  recurring: number;
}

/** Counters kept on the campaign; each moves once per recipient state change (conditional updates). */
export interface CampaignCounters {
  targeted: number;
  sent: number;
  deferred: number;
  skipped: Record<SkipReason, number>;
  clicked: number;
  converted: number;
}

export interface Campaign {
  id: string;
  name: string;
  offeringId: string;
  offeringName: string;
  promotion?: CampaignPromotionRef;
  template: string;
  /** A segment in the audience vocabulary (`audience.ts`); `{}` is everyone with a mobile number. */
  audience: Record<string, unknown>;
  /** The channel it prefers: she gets it there where she opted in to it, by SMS otherwise. */
  channel: PromotionChannel;
  ratePerSecond: number;
  quietHours: QuietHours;
  /** The most SMS segments a message may take (checked before scheduling). */
  maxSegments: number;
  status: CampaignStatus;
  schedule?: CampaignSchedule;
  /** Bumped on every (re)start, so jobs of an earlier run stand down. */
  run: number;
  counters: CampaignCounters;
  revenue?: RevenueTotals;
  dispatchFinishedAt?: Date;
  createdBy: string;
  createdAt: Date;
  lastUpdate: Date;
  completedAt?: Date;
  archivedAt?: Date;
  duplicatedFrom?: string;
  testSends: number;
}

/** Running totals at one moment, for the progress chart. */
export interface ProgressPoint {
  at: Date;
  sent: number;
  delivered: number;
  failed: number;
  clicked: number;
  converted: number;
}

/** What the stats endpoint answers: the counters plus delivery outcomes from the SMS records. */
export interface CampaignStats extends CampaignCounters {
  status: CampaignStatus;
  delivered: number;
  failed: number;
  revenue: RevenueTotals | null;
  chunks: { total: number; done: number };
  /** delivered ÷ sent, clicked ÷ sent, converted ÷ clicked; null before there is a whole. */
  rates: { delivery: number | null; clickThrough: number | null; conversion: number | null };
  /** Targeted recipients neither sent nor skipped yet. */
  remaining: number;
  /** While sending, at the set rate (quiet hours may add to it). */
  estimatedSecondsLeft?: number;
  series: ProgressPoint[];
}

/** The catalog promotion a campaign sells: its price reaches those the campaign reached. */
export interface CampaignPromotionRef {
  id: string;
  name: string;
  /** The campaign id the promotion is tied to in the catalog, when it is tied to one. */
  campaignId?: string;
}
