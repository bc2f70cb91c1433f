import type { Customer } from '../customers/customer';
import type { CampaignLinkClaims } from '../customers/campaign-link-token';
import type { CustomerSegmentCriteria, SegmentMember } from '../customers/customer-segment';

/** Starts (or restarts) a campaign's run at a time: the BullMQ dispatch job, in the connector. */
export interface CampaignScheduler {
  startRun(campaignId: string, run: number, at: Date): Promise<void>;
}

/** Enqueues chunk jobs for the dispatch walk; idempotent per (campaign, run, chunk). */
export interface ChunkEnqueuer {
  enqueueChunks(
    chunks: Array<{ campaignId: string; chunkId: string; run: number; at?: Date }>,
  ): Promise<void>;
}

/**
 * Spaces the sends of one campaign across every worker process: resolves when this send may go,
 * with the moment of its slot (the message is stored at that moment), so that no one-second window
 * of stored sends holds more than `perSecond` of them.
 */
export interface SendRateGate {
  acquire(key: string, perSecond: number): Promise<Date>;
}

/**
 * Finds a message an earlier, interrupted attempt stored for this recipient (its body carries the
 * unique link path) and makes sure it is on its way; the message id, or undefined.
 */
export interface InterruptedSendRecovery {
  findStored(to: string, bodyMarker: string, since: Date): Promise<string | undefined>;
}

export interface CampaignCustomers {
  find(customerId: string): Promise<Customer | undefined>;
}

export interface CampaignLinkTokenIssuer {
  createCampaignLinkToken(claims: CampaignLinkClaims): Promise<string>;
}

/** The offer a campaign sells, for its name and landing page. */
export interface CampaignOffers {
  offeringName(offeringId: string): Promise<string | undefined>;
  promotions(): Promise<CampaignPromotion[]>;
}

/** A catalog promotion, as the campaign form offers it. */
export interface CampaignPromotion {
  id: string;
  name: string;
  offeringIds: string[];
  campaignId?: string;
  validUntil: string;
}

/** The customers' service, as far as walking an audience goes. */
export interface AudienceDirectory {
  segmentPage(
    criteria: CustomerSegmentCriteria,
    afterId: string | undefined,
    limit: number,
  ): Promise<SegmentMember[]>;
  /** The same walk, ids only. */
  segmentIds(
    criteria: CustomerSegmentCriteria,
    afterId: string | undefined,
    limit: number,
  ): Promise<string[]>;
  countSegment(criteria: CustomerSegmentCriteria): Promise<number>;
}

/** The interactions' service, for "last interaction" conditions. */
export interface InteractionHistory {
  lastInteractionAt(customerIds: string[]): Promise<Map<string, Date>>;
}
