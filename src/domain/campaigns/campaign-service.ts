import type { SmsMessageModel } from '../messaging/sms-message-model';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import { AppError } from '../shared/errors';
import { newId } from '../shared/ids';
import { mayReceiveSmsMarketing } from '../customers/consent';
import type { CustomerModels, CustomerDocument } from '../customers/models';
import { audienceFilter } from './audience';
import type { Campaign, CampaignStats, CampaignStatus } from './campaign';
import { toCampaign } from './campaign-mapper';
import {
  audiencePreviewSchema,
  createCampaignSchema,
  messageCheckSchema,
  scheduleCampaignSchema,
} from './campaign-input';
import type { CreateCampaignInput, ScheduleCampaignInput } from './campaign-input';
import { assertCampaignTransition, campaignStatusesLeadingTo } from './campaign-status';
import { linkPath } from './link-code';
import type { CampaignModels, CampaignDocument } from './models';
import { emptyCounters } from './models';
import type { CampaignOffers, CampaignScheduler } from './ports';
import { checkTemplate } from './template';
import type { TemplateCheck } from './template';

export interface CampaignServiceDeps {
  models: CampaignModels;
  customerModels: () => CustomerModels;
  smsMessages: () => SmsMessageModel;
  offers: CampaignOffers;
  scheduler: CampaignScheduler;
  /** PUBLIC_BASE_URL: personal links are `${linkBase}/l/<code>`. */
  linkBase: string;
  clock?: Clock;
}

export interface AudiencePreview {
  count: number;
  /** Of those, how many opted in to marketing SMS today (consent is checked again at sending). */
  consenting: number;
  sample: Array<{ id: string; firstName: string; mobile: string; consent: boolean }>;
}

/** Campaign lifecycle: create, preview, schedule, pause, resume, cancel, and statistics. */
export class CampaignService {
  private readonly clock: Clock;

  constructor(private readonly deps: CampaignServiceDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  private get models(): CampaignModels {
    return this.deps.models;
  }

  async create(input: CreateCampaignInput, createdBy: string): Promise<Campaign> {
    const data = createCampaignSchema.parse(input);
    const offeringName = await this.offeringNameOf(data.offeringId);
    // Checked when written, not only when scheduled: a typo in a field fails at once.
    checkTemplate(
      data.template,
      { offerName: offeringName, linkExample: this.linkExample() },
      data.maxSegments,
    );
    const now = this.clock.now();
    const { id, ...fields } = data;
    const doc: CampaignDocument = {
      _id: id ?? newId('cmp'),
      ...fields,
      offeringName,
      status: 'draft',
      run: 0,
      counters: emptyCounters(),
      createdBy,
      createdAt: now,
      lastUpdate: now,
    };
    try {
      await this.models.Campaign.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new AppError('CONFLICT', `Campaign ${doc._id} already exists`, { id: doc._id });
      }
      throw error;
    }
    return toCampaign(doc);
  }

  async get(campaignId: string): Promise<Campaign> {
    return toCampaign(await this.document(campaignId));
  }

  async list(options: { status?: CampaignStatus; limit?: number } = {}): Promise<Campaign[]> {
    const docs = await this.models.Campaign.find(options.status ? { status: options.status } : {})
      .sort({ createdAt: -1 })
      .limit(options.limit ?? 100)
      .lean<CampaignDocument[]>();
    return docs.map(toCampaign);
  }

  /** Renders a message for a long name and a real-length link, and counts its segments. */
  async checkMessage(input: unknown): Promise<TemplateCheck> {
    const data = messageCheckSchema.parse(input);
    const offerName = data.offeringId ? await this.offeringNameOf(data.offeringId) : 'the offer';
    return checkTemplate(
      data.template,
      { offerName, linkExample: this.linkExample() },
      data.maxSegments,
    );
  }

  async previewAudience(input: unknown): Promise<AudiencePreview> {
    const data = audiencePreviewSchema.parse(input);
    const { Customer } = this.deps.customerModels();
    const filter = audienceFilter(data.audience);
    const [count, consenting, sample] = await Promise.all([
      Customer.countDocuments(filter),
      Customer.countDocuments({ $and: [filter, { 'consent.smsMarketing.status': 'opted-in' }] }),
      Customer.find(filter, { name: 1, mobile: 1, consent: 1 })
        .sort({ _id: 1 })
        .limit(data.sampleSize)
        .lean<Array<Pick<CustomerDocument, '_id' | 'name' | 'mobile' | 'consent'>>>(),
    ]);
    return {
      count,
      consenting,
      sample: sample.map((customer) => ({
        id: customer._id,
        firstName: customer.name.given,
        mobile: maskMobile(customer.mobile),
        consent: mayReceiveSmsMarketing(customer.consent),
      })),
    };
  }

  /** draft (or paused before it started) → scheduled; refuses a message over its segment budget. */
  async schedule(campaignId: string, input: ScheduleCampaignInput = {}): Promise<Campaign> {
    const data = scheduleCampaignSchema.parse(input);
    const current = await this.document(campaignId);
    assertCampaignTransition(current.status, 'scheduled');
    const check = checkTemplate(
      current.template,
      { offerName: current.offeringName, linkExample: this.linkExample() },
      current.maxSegments,
    );
    if (!check.fits) {
      throw new AppError(
        'UNPROCESSABLE',
        `The message takes ${check.segments.segments} ${check.segments.encoding} segments; at most ${current.maxSegments} allowed`,
        { segments: check.segments, maxSegments: current.maxSegments },
      );
    }
    const startAt = data.startAt ?? this.clock.now();
    const doc = await this.move(campaignId, 'scheduled', {
      $set: {
        schedule: { startAt, ...(data.everyDays ? { everyDays: data.everyDays } : {}) },
        dispatchCursor: undefined,
        dispatchFinishedAt: undefined,
      },
      $inc: { run: 1 },
    });
    await this.deps.scheduler.startRun(campaignId, doc.run, startAt);
    return toCampaign(doc);
  }

  /** Scheduled or running → paused: chunk jobs see it before their next send and stand down. */
  async pause(campaignId: string): Promise<Campaign> {
    return toCampaign(await this.move(campaignId, 'paused', {}));
  }

  /**
   * paused → running (or scheduled, when its start time is still ahead): a new run re-enqueues
   * the dispatch walk where it stopped and every chunk not finished; claims keep it exactly-once.
   */
  async resume(campaignId: string): Promise<Campaign> {
    const current = await this.document(campaignId);
    if (current.status !== 'paused') {
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `Only a paused campaign resumes (it is ${current.status})`,
      );
    }
    const now = this.clock.now();
    const startAt = current.schedule?.startAt ?? now;
    const target: CampaignStatus = startAt > now ? 'scheduled' : 'running';
    const doc = await this.move(campaignId, target, { $inc: { run: 1 } }, ['paused']);
    await this.deps.scheduler.startRun(campaignId, doc.run, startAt > now ? startAt : now);
    return toCampaign(doc);
  }

  async cancel(campaignId: string): Promise<Campaign> {
    return toCampaign(await this.move(campaignId, 'cancelled', {}));
  }

  async stats(campaignId: string): Promise<CampaignStats> {
    const doc = await this.document(campaignId);
    const [deliveries, total, done, sent] = await Promise.all([
      this.deliveries(campaignId),
      this.models.CampaignChunk.countDocuments({ campaignId }),
      this.models.CampaignChunk.countDocuments({ campaignId, state: 'done' }),
      // Counted from the recipients, not the counter: a worker killed between handing a message
      // over and incrementing would leave the counter one short, never the records.
      this.models.CampaignRecipient.countDocuments({ campaignId, state: 'handed' }),
    ]);
    return {
      status: doc.status,
      ...doc.counters,
      sent,
      ...deliveries,
      revenue: doc.revenue ?? null,
      chunks: { total, done },
    };
  }

  /**
   * Moves the status in one conditional update, so two managers (or a manager and a job) racing
   * cannot both win; the loser gets the illegal-transition error naming the status it met.
   */
  private async move(
    campaignId: string,
    to: CampaignStatus,
    update: { $set?: Record<string, unknown>; $inc?: Record<string, number> },
    from: CampaignStatus[] = campaignStatusesLeadingTo(to),
  ): Promise<CampaignDocument> {
    const now = this.clock.now();
    const set = { ...update.$set, status: to, lastUpdate: now };
    const unset = Object.fromEntries(
      Object.entries(set)
        .filter(([, value]) => value === undefined)
        .map(([key]) => [key, ''] as const),
    );
    const defined = Object.fromEntries(
      Object.entries(set).filter(([, value]) => value !== undefined),
    );
    const doc = await this.models.Campaign.findOneAndUpdate(
      { _id: campaignId, status: { $in: from } },
      {
        $set: defined,
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
        ...(update.$inc ? { $inc: update.$inc } : {}),
      },
      { returnDocument: 'after' },
    ).lean<CampaignDocument>();
    if (doc) return doc;
    const current = await this.document(campaignId);
    assertCampaignTransition(current.status, to);
    throw new AppError('CONFLICT', `Campaign ${campaignId} changed meanwhile; retry`);
  }

  private async document(campaignId: string): Promise<CampaignDocument> {
    const doc = await this.models.Campaign.findById(campaignId).lean<CampaignDocument>();
    if (!doc) throw new AppError('NOT_FOUND', `No campaign ${campaignId}`, { campaignId });
    return doc;
  }

  private async offeringNameOf(offeringId: string): Promise<string> {
    const name = await this.deps.offers.offeringName(offeringId);
    if (!name) {
      throw new AppError('VALIDATION_FAILED', `No offering ${offeringId} in the catalog`, {
        offeringId,
      });
    }
    return name;
  }

  private linkExample(): string {
    return `${this.deps.linkBase}${linkPath('x'.repeat(10))}`;
  }

  /** Delivery outcomes from the SMS records of the messages handed over (batched by id). */
  private async deliveries(campaignId: string): Promise<{ delivered: number; failed: number }> {
    const sms = this.deps.smsMessages();
    let delivered = 0;
    let failed = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const counts = await sms.aggregate<{ _id: string; count: number }>([
        {
          $match: { _id: { $in: batch }, status: { $in: ['delivered', 'failed', 'undelivered'] } },
        },
        { $group: { _id: '$status', count: { $sum: 1 } } },
      ]);
      for (const { _id: status, count } of counts) {
        if (status === 'delivered') delivered += count;
        else failed += count;
      }
      batch = [];
    };
    const cursor = this.models.CampaignRecipient.find(
      { campaignId, state: 'handed' },
      { messageId: 1 },
    )
      .lean<Array<{ messageId?: string }>>()
      .cursor();
    for await (const recipient of cursor) {
      if (recipient.messageId) batch.push(recipient.messageId);
      if (batch.length >= 1000) await flush();
    }
    await flush();
    return { delivered, failed };
  }
}

function maskMobile(mobile: string | undefined): string {
  if (!mobile) return '';
  return mobile.length > 6
    ? `${mobile.slice(0, 4)}${'•'.repeat(mobile.length - 7)}${mobile.slice(-3)}`
    : '•••';
}
