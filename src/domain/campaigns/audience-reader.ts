import type { SegmentMember } from '../customers/customer-segment';
import { tenureMonths } from '../customers/tenure';
import type { Clock } from '../shared/clock';
import type { AudienceFacts, AudienceQuery } from './audience';
import { compileAudience } from './audience-match';
import type { CompiledAudience } from './audience-match';
import type { CampaignModels, CampaignRecipientDocument } from './models';
import type { AudienceDirectory, InteractionHistory } from './ports';

const DAY_MS = 24 * 3600 * 1000;
export const AUDIENCE_PAGE_SIZE = 1000;

export interface AudiencePage {
  /** The last customer id the walk looked at (the resume point), matching or not. */
  lastId: string;
  members: SegmentMember[];
}

export interface AudienceIdPage {
  /** The last customer id the walk looked at (the resume point), matching or not. */
  lastId: string;
  memberIds: string[];
}

export interface AudiencePreview {
  count: number;
  /** Of those, how many opted in to marketing SMS today (consent is checked again at sending). */
  consenting: number;
  sample: Array<{ id: string; firstName: string; mobile: string; consent: boolean }>;
}

export interface AudienceReaderDeps {
  customers: AudienceDirectory;
  interactions: InteractionHistory;
  models: CampaignModels;
  clock: Clock;
}

/**
 * Walks an audience through the customers' service page by page, in id order, and keeps the
 * members that pass the exact test: facts from the customer record, her last interaction from
 * the interactions' service, and her part in earlier campaigns from their recipient records.
 * Linear in the customers the criteria select; memory bounded by one page.
 */
export class AudienceReader {
  constructor(private readonly deps: AudienceReaderDeps) {}

  async *pages(
    audience: AudienceQuery,
    afterId: string | undefined,
    pageSize = AUDIENCE_PAGE_SIZE,
  ): AsyncGenerator<AudiencePage> {
    const compiled = compileAudience(audience);
    let cursor = afterId;
    for (;;) {
      const page = await this.deps.customers.segmentPage(compiled.criteria, cursor, pageSize);
      if (page.length === 0) return;
      const members = await this.keep(compiled, page);
      cursor = page.at(-1)!.id;
      yield { lastId: cursor, members };
      if (page.length < pageSize) return;
    }
  }

  /**
   * The same walk, members' ids only. When the criteria select the audience exactly, the pages
   * come from the customers' ids alone (the walk reads nothing else of them).
   */
  async *memberIdPages(
    audience: AudienceQuery,
    afterId: string | undefined,
    pageSize = AUDIENCE_PAGE_SIZE,
  ): AsyncGenerator<AudienceIdPage> {
    const compiled = compileAudience(audience);
    if (!compiled.exact) {
      for await (const page of this.pages(audience, afterId, pageSize)) {
        yield { lastId: page.lastId, memberIds: page.members.map((member) => member.id) };
      }
      return;
    }
    let cursor = afterId;
    for (;;) {
      const ids = await this.deps.customers.segmentIds(compiled.criteria, cursor, pageSize);
      if (ids.length === 0) return;
      cursor = ids.at(-1)!;
      yield { lastId: cursor, memberIds: ids };
      if (ids.length < pageSize) return;
    }
  }

  async preview(audience: AudienceQuery, sampleSize: number): Promise<AudiencePreview> {
    const compiled = compileAudience(audience);
    const sample: SegmentMember[] = [];
    let count = 0;
    let consenting = 0;
    if (compiled.exact) {
      [count, consenting] = await Promise.all([
        this.deps.customers.countSegment(compiled.criteria),
        this.deps.customers.countSegment({ ...compiled.criteria, smsMarketing: 'opted-in' }),
      ]);
      sample.push(
        ...(await this.deps.customers.segmentPage(compiled.criteria, undefined, sampleSize)),
      );
    } else {
      for await (const page of this.pages(audience, undefined)) {
        count += page.members.length;
        for (const member of page.members) {
          if (member.smsMarketing === 'opted-in') consenting += 1;
          if (sample.length < sampleSize) sample.push(member);
        }
      }
    }
    return {
      count,
      consenting,
      sample: sample.map((member) => ({
        id: member.id,
        firstName: member.firstName,
        mobile: maskMobile(member.mobile),
        consent: member.smsMarketing === 'opted-in',
      })),
    };
  }

  private async keep(compiled: CompiledAudience, page: SegmentMember[]): Promise<SegmentMember[]> {
    const ids = page.map((member) => member.id);
    const [lastSeen, history] = await Promise.all([
      compiled.needsInteractions
        ? this.deps.interactions.lastInteractionAt(ids)
        : Promise.resolve(new Map<string, Date>()),
      this.campaignHistory(compiled.campaigns, ids),
    ]);
    const now = this.deps.clock.now();
    return page.filter((member) => {
      const last = lastSeen.get(member.id);
      const mine = history.get(member.id);
      const facts: AudienceFacts = {
        customerId: member.id,
        segment: member.segment,
        region: member.region,
        timezone: member.timezone,
        plan: activeOfferings(member, true),
        subscription: activeOfferings(member, false),
        tenureMonths: tenureMonths(new Date(member.customerSince), now),
        customerSince: new Date(member.customerSince),
        consent: member.smsMarketing ?? 'unknown',
        ...(last
          ? { lastInteractionDaysAgo: Math.floor((now.getTime() - last.getTime()) / DAY_MS) }
          : {}),
        campaignsReceived: mine?.received ?? [],
        campaignsClicked: mine?.clicked ?? [],
      };
      return compiled.test(facts);
    });
  }

  /** Which of the named campaigns reached (and were clicked by) each of these customers. */
  private async campaignHistory(
    campaignIds: string[],
    customerIds: string[],
  ): Promise<Map<string, { received: string[]; clicked: string[] }>> {
    const history = new Map<string, { received: string[]; clicked: string[] }>();
    if (campaignIds.length === 0) return history;
    const recipientIds = campaignIds.flatMap((campaignId) =>
      customerIds.map((customerId) => `${campaignId}:${customerId}`),
    );
    const records = await this.deps.models.CampaignRecipient.find(
      { _id: { $in: recipientIds } },
      { campaignId: 1, customerId: 1, state: 1, clickedAt: 1 },
    ).lean<
      Array<Pick<CampaignRecipientDocument, 'campaignId' | 'customerId' | 'state' | 'clickedAt'>>
    >();
    for (const record of records) {
      const entry = history.get(record.customerId) ?? { received: [], clicked: [] };
      if (record.state === 'handed') entry.received.push(record.campaignId);
      if (record.clickedAt) entry.clicked.push(record.campaignId);
      history.set(record.customerId, entry);
    }
    return history;
  }
}

function activeOfferings(member: SegmentMember, plansOnly: boolean): string[] {
  return member.subscriptions
    .filter((subscription) => subscription.status === 'active')
    .filter((subscription) => !plansOnly || subscription.isPlan)
    .map((subscription) => subscription.offeringId);
}

export function maskMobile(mobile: string | undefined): string {
  if (!mobile) return '';
  return mobile.length > 6
    ? `${mobile.slice(0, 4)}${'•'.repeat(mobile.length - 7)}${mobile.slice(-3)}`
    : '•••';
}
