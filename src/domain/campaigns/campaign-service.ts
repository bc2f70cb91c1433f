import type { SmsMessageModel } from '../messaging/sms-message-model';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import { AppError } from '../shared/errors';
import { newId } from '../shared/ids';
import { toE164 } from '../messaging/phone-number';
import type { SmsSender } from '../messaging/ports';
import type { AudienceQuery } from './audience';
import { builderFromAudience, compileAudienceBuilder } from './audience-builder';
import type { AudienceBuilder } from './audience-builder';
import type { AudienceReader, AudiencePreview } from './audience-reader';
import type { Campaign, CampaignStats, CampaignStatus, ProgressPoint } from './campaign';
import { toCampaign } from './campaign-mapper';
import {
  audiencePreviewSchema,
  createCampaignSchema,
  duplicateCampaignSchema,
  messageCheckSchema,
  progressQuerySchema,
  scheduleCampaignSchema,
  testSendSchema,
  updateCampaignSchema,
} from './campaign-input';
import type {
  CreateCampaignInput,
  ScheduleCampaignInput,
  UpdateCampaignInput,
} from './campaign-input';
import { assertCampaignTransition, campaignStatusesLeadingTo } from './campaign-status';
import { linkPath } from './link-code';
import type { CampaignModels, CampaignDocument } from './models';
import { emptyCounters } from './models';
import type { CampaignOffers, CampaignPromotion, CampaignScheduler } from './ports';
import { checkTemplate, renderTemplate } from './template';
import type { TemplateCheck } from './template';

export interface CampaignServiceDeps {
  models: CampaignModels;
  audience: AudienceReader;
  smsMessages: () => SmsMessageModel;
  /** For test sends to the manager's own phone. */
  sms: () => SmsSender;
  offers: CampaignOffers;
  scheduler: CampaignScheduler;
  /** PUBLIC_BASE_URL: personal links are `${linkBase}/l/<code>`. */
  linkBase: string;
  clock?: Clock;
}

export type { AudiencePreview };

export interface AudiencePreviewResult extends AudiencePreview {
  /** The audience query previewed (the builder's, compiled). */
  audience: AudienceQuery;
  builder?: AudienceBuilder;
}

/** Counts per time bucket (not running totals), for the progress chart. */
export interface CampaignProgress {
  status: CampaignStatus;
  bucketSeconds: number;
  /** Start of the first bucket; absent before the first send. */
  from?: Date;
  to: Date;
  buckets: Array<{
    at: Date;
    sent: number;
    delivered: number;
    failed: number;
    clicked: number;
    converted: number;
  }>;
}

/** One row of the campaigns' comparison table. */
export interface CampaignComparisonRow {
  id: string;
  name: string;
  status: CampaignStatus;
  startedAt?: Date;
  completedAt?: Date;
  targeted: number;
  sent: number;
  delivered: number;
  failed: number;
  clicked: number;
  converted: number;
  rates: CampaignStats['rates'];
  revenue: CampaignStats['revenue'];
}

const MAX_BUCKETS = 500;

/** Test sends one campaign may make (each is a real SMS): enough to check, too few to abuse. */
export const MAX_TEST_SENDS = 10;

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
    const promotion = data.promotionId ? await this.promotionOf(data.promotionId) : undefined;
    const offeringId = data.offeringId ?? promotion?.offeringIds[0];
    if (!offeringId) {
      throw new AppError('VALIDATION_FAILED', 'Choose the promotion (or the offer) it sells');
    }
    if (promotion && !promotion.offeringIds.includes(offeringId)) {
      throw new AppError('VALIDATION_FAILED', `${promotion.name} does not apply to ${offeringId}`, {
        promotionId: promotion.id,
        offeringId,
      });
    }
    const offeringName = await this.offeringNameOf(offeringId);
    // Checked when written, not only when scheduled: a typo in a field fails at once.
    checkTemplate(
      data.template,
      { offerName: offeringName, linkExample: this.linkExample() },
      data.maxSegments,
    );
    const now = this.clock.now();
    const {
      id,
      promotionId: _promotionId,
      offeringId: _offeringId,
      audienceBuilder,
      ...fields
    } = data;
    if (audienceBuilder) fields.audience = compileAudienceBuilder(audienceBuilder);
    // A promotion tied to a campaign id prices for those that campaign reached: the campaign
    // made from it takes that id, so its recipients see the promotion's price.
    const doc: CampaignDocument = {
      _id: id ?? promotion?.campaignId ?? newId('cmp'),
      ...fields,
      offeringId,
      offeringName,
      ...(promotion ? { promotion: toPromotionRef(promotion) } : {}),
      status: 'draft',
      run: 0,
      counters: emptyCounters(),
      createdBy,
      createdAt: now,
      lastUpdate: now,
    };
    await this.insert(doc);
    return toCampaign(doc);
  }

  /** Changes a draft; anything already scheduled or sent stays as it was sent. */
  async update(campaignId: string, input: UpdateCampaignInput): Promise<Campaign> {
    const data = updateCampaignSchema.parse(input);
    const current = await this.document(campaignId);
    if (current.status !== 'draft') {
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `Only a draft can be edited (this campaign is ${current.status}); duplicate it instead`,
        { status: current.status },
      );
    }
    const offeringId = data.offeringId ?? current.offeringId;
    const offeringName =
      offeringId === current.offeringId
        ? current.offeringName
        : await this.offeringNameOf(offeringId);
    const { audienceBuilder, ...changes } = data;
    if (audienceBuilder) changes.audience = compileAudienceBuilder(audienceBuilder);
    const template = data.template ?? current.template;
    const maxSegments = data.maxSegments ?? current.maxSegments;
    checkTemplate(
      template,
      { offerName: offeringName, linkExample: this.linkExample() },
      maxSegments,
    );
    const doc = await this.models.Campaign.findOneAndUpdate(
      { _id: campaignId, status: 'draft' },
      { $set: { ...changes, offeringId, offeringName, lastUpdate: this.clock.now() } },
      { returnDocument: 'after' },
    ).lean<CampaignDocument>();
    if (!doc) throw new AppError('CONFLICT', `Campaign ${campaignId} changed meanwhile; retry`);
    return toCampaign(doc);
  }

  /** A new draft with the same message, offer, audience and pacing (how a campaign runs again). */
  async duplicate(campaignId: string, input: unknown, createdBy: string): Promise<Campaign> {
    const data = duplicateCampaignSchema.parse(input ?? {});
    const source = await this.document(campaignId);
    const now = this.clock.now();
    const doc: CampaignDocument = {
      _id: newId('cmp'),
      name: data.name ?? `${source.name} (copy)`.slice(0, 120),
      offeringId: source.offeringId,
      offeringName: source.offeringName,
      ...(source.promotion ? { promotion: source.promotion } : {}),
      template: source.template,
      audience: source.audience,
      ...(source.channel ? { channel: source.channel } : {}),
      ratePerSecond: source.ratePerSecond,
      quietHours: source.quietHours,
      maxSegments: source.maxSegments,
      duplicatedFrom: source._id,
      status: 'draft',
      run: 0,
      counters: emptyCounters(),
      createdBy,
      createdAt: now,
      lastUpdate: now,
    };
    await this.insert(doc);
    return toCampaign(doc);
  }

  /** Out of the list; only once nothing more will be sent (a draft, completed or cancelled). */
  async archive(campaignId: string): Promise<Campaign> {
    const settled: CampaignStatus[] = ['draft', 'completed', 'cancelled'];
    const now = this.clock.now();
    const doc = await this.models.Campaign.findOneAndUpdate(
      { _id: campaignId, status: { $in: settled } },
      { $set: { archivedAt: now, lastUpdate: now } },
      { returnDocument: 'after' },
    ).lean<CampaignDocument>();
    if (doc) return toCampaign(doc);
    const current = await this.document(campaignId);
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `A ${current.status} campaign cannot be archived; cancel it first`,
      { status: current.status },
    );
  }

  /**
   * The message as a recipient would get it, to the manager's own phone, marked as a test; its
   * link opens the offer's page (a test has no recipient to track).
   */
  async testSend(campaignId: string, input: unknown): Promise<{ to: string; body: string }> {
    const data = testSendSchema.parse(input ?? {});
    const to = toE164(data.to);
    if (!to) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Give your mobile number in international form, e.g. +44 7700 900123',
      );
    }
    const current = await this.document(campaignId);
    const counted = await this.models.Campaign.updateOne(
      { _id: campaignId, testSends: { $not: { $gte: MAX_TEST_SENDS } } },
      { $inc: { testSends: 1 } },
    );
    if (counted.modifiedCount === 0) {
      throw new AppError('RATE_LIMITED', `At most ${MAX_TEST_SENDS} test messages per campaign`);
    }
    const body = `[Test] ${renderTemplate(current.template, {
      firstName: data.firstName ?? 'Alex',
      offerName: current.offeringName,
      link: `${this.deps.linkBase}/offers/${encodeURIComponent(current.offeringId)}`,
    })}`;
    await this.deps.sms().send({
      to,
      body,
      purpose: 'transactional',
      idempotencyKey: `campaign-test:${campaignId}:${current.testSends ?? 0}`,
    });
    return { to, body };
  }

  /** The catalog's promotions a campaign can be made from, with the offers they discount. */
  async promotions(): Promise<CampaignPromotion[]> {
    return this.deps.offers.promotions();
  }

  async get(campaignId: string): Promise<Campaign> {
    return toCampaign(await this.document(campaignId));
  }

  async list(
    options: { status?: CampaignStatus; limit?: number; archived?: boolean } = {},
  ): Promise<Campaign[]> {
    const filter: Record<string, unknown> = {
      archivedAt: { $exists: options.archived === true },
      ...(options.status ? { status: options.status } : {}),
    };
    const docs = await this.models.Campaign.find(filter)
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

  /**
   * Count, consenting count and a masked sample (first names only) of an audience given as a query
   * or in the builder's form; answers the query it is, and its builder form when it has one.
   */
  async previewAudience(input: unknown): Promise<AudiencePreviewResult> {
    const data = audiencePreviewSchema.parse(input);
    const audience = data.builder ? compileAudienceBuilder(data.builder) : data.audience;
    const preview = await this.deps.audience.preview(audience, data.sampleSize);
    const builder = data.builder ?? builderFromAudience(audience);
    return { ...preview, audience, ...(builder ? { builder } : {}) };
  }

  /**
   * draft → scheduled; refuses a message over its segment budget. A completed or cancelled
   * campaign is never started again (that would message its audience twice): duplicate it.
   */
  async schedule(campaignId: string, input: ScheduleCampaignInput = {}): Promise<Campaign> {
    const data = scheduleCampaignSchema.parse(input);
    const current = await this.document(campaignId);
    if (current.status === 'completed' || current.status === 'cancelled') {
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `This campaign is ${current.status} and is never sent again (its audience would get it twice): duplicate it to send it once more`,
        { from: current.status, to: 'scheduled', instead: 'duplicate' },
      );
    }
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

  /**
   * scheduled → draft, before it has started (nothing targeted yet), so it can be edited: the run
   * moves on, so the start job already waiting stands down.
   */
  async unschedule(campaignId: string): Promise<Campaign> {
    const now = this.clock.now();
    const doc = await this.models.Campaign.findOneAndUpdate(
      {
        _id: campaignId,
        status: 'scheduled',
        'counters.targeted': 0,
        dispatchCursor: { $exists: false },
      },
      { $set: { status: 'draft', lastUpdate: now }, $unset: { schedule: '' }, $inc: { run: 1 } },
      { returnDocument: 'after' },
    ).lean<CampaignDocument>();
    if (doc) return toCampaign(doc);
    const current = await this.document(campaignId);
    throw new AppError(
      'ILLEGAL_TRANSITION',
      current.status === 'scheduled'
        ? 'This campaign has started sending already: pause or cancel it instead'
        : `Only a scheduled campaign goes back to draft (this one is ${current.status})`,
      { from: current.status, to: 'draft' },
    );
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

  async stats(campaignId: string, options: { series?: boolean } = {}): Promise<CampaignStats> {
    const doc = await this.document(campaignId);
    const [activity, total, done] = await Promise.all([
      this.fullActivity(campaignId),
      this.models.CampaignChunk.countDocuments({ campaignId }),
      this.models.CampaignChunk.countDocuments({ campaignId, state: 'done' }),
    ]);
    // Counted from the recipients, not the counter: a worker killed between handing a message
    // over and incrementing would leave the counter one short, never the records.
    const sent = activity.sent.length;
    const delivered = activity.delivered.length;
    const failed = activity.failed.length;
    const clicked = Math.max(doc.counters.clicked, activity.clicked.length);
    const skipped = Object.values(doc.counters.skipped).reduce((sum, count) => sum + count, 0);
    const remaining = Math.max(0, doc.counters.targeted - sent - skipped);
    const sending = doc.status === 'running' || doc.status === 'scheduled';
    return {
      status: doc.status,
      ...doc.counters,
      sent,
      clicked,
      delivered,
      failed,
      revenue: doc.revenue ?? null,
      chunks: { total, done },
      rates: {
        delivery: ratio(delivered, sent),
        clickThrough: ratio(clicked, sent),
        conversion: ratio(doc.counters.converted, clicked),
      },
      remaining,
      ...(sending && doc.dispatchFinishedAt
        ? { estimatedSecondsLeft: Math.ceil(remaining / doc.ratePerSecond) }
        : {}),
      series: options.series === false ? [] : progressSeries(activity, this.clock.now().getTime()),
    };
  }

  /** Sends, outcomes, clicks and conversions per time bucket, from the first send to now. */
  async progress(campaignId: string, input: unknown = {}): Promise<CampaignProgress> {
    const query = progressQuerySchema.parse(input ?? {});
    const doc = await this.document(campaignId);
    const activity = await this.fullActivity(campaignId);
    const now = this.clock.now().getTime();
    const to = new Date(now);
    if (activity.sent.length === 0) {
      return { status: doc.status, bucketSeconds: query.bucketSeconds ?? 1, to, buckets: [] };
    }
    const first = minOf(activity.sent);
    const last = Math.max(now, ...Object.values(activity).map((times: number[]) => maxOf(times)));
    const span = Math.max(1, last - first);
    const wanted = query.bucketSeconds ?? Math.max(1, Math.ceil(span / SERIES_POINTS / 1000));
    const bucketSeconds = Math.max(wanted, Math.ceil(span / MAX_BUCKETS / 1000));
    const width = bucketSeconds * 1000;
    const start = Math.floor(first / 1000) * 1000;
    const count = Math.floor((last - start) / width) + 1;
    const buckets = Array.from({ length: count }, (_, index) => ({
      at: new Date(start + index * width),
      sent: 0,
      delivered: 0,
      failed: 0,
      clicked: 0,
      converted: 0,
    }));
    for (const key of ['sent', 'delivered', 'failed', 'clicked', 'converted'] as const) {
      for (const at of activity[key]) {
        const index = Math.min(count - 1, Math.max(0, Math.floor((at - start) / width)));
        buckets[index]![key] += 1;
      }
    }
    return { status: doc.status, bucketSeconds, from: new Date(start), to, buckets };
  }

  /** The campaigns that have run (newest first), side by side: reach, outcomes, rates, revenue. */
  async compare(limit = 20): Promise<CampaignComparisonRow[]> {
    const docs = await this.models.Campaign.find({
      archivedAt: { $exists: false },
      status: { $ne: 'draft' },
    })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<CampaignDocument[]>();
    return Promise.all(
      docs.map(async (doc) => {
        const stats = await this.stats(doc._id, { series: false });
        return {
          id: doc._id,
          name: doc.name,
          status: stats.status,
          ...(doc.schedule ? { startedAt: doc.schedule.startAt } : {}),
          ...(doc.completedAt ? { completedAt: doc.completedAt } : {}),
          targeted: stats.targeted,
          sent: stats.sent,
          delivered: stats.delivered,
          failed: stats.failed,
          clicked: stats.clicked,
          converted: stats.converted,
          rates: stats.rates,
          revenue: stats.revenue,
        };
      }),
    );
  }

  private async fullActivity(campaignId: string): Promise<Activity> {
    const [activity, conversions] = await Promise.all([
      this.activity(campaignId),
      this.models.CampaignConversion.find({ campaignId }, { at: 1 }).lean<Array<{ at: Date }>>(),
    ]);
    activity.converted = conversions.map((conversion) => new Date(conversion.at).getTime());
    return activity;
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

  private async insert(doc: CampaignDocument): Promise<void> {
    try {
      await this.models.Campaign.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new AppError(
          'CONFLICT',
          doc.promotion
            ? `The campaign for ${doc.promotion.name} exists already (${doc._id}): duplicate or edit it`
            : `Campaign ${doc._id} already exists`,
          { id: doc._id },
        );
      }
      throw error;
    }
  }

  private async promotionOf(promotionId: string): Promise<CampaignPromotion> {
    const promotion = (await this.deps.offers.promotions()).find((item) => item.id === promotionId);
    if (!promotion) {
      throw new AppError('VALIDATION_FAILED', `No promotion ${promotionId} in the catalog`, {
        promotionId,
      });
    }
    return promotion;
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

  /** When each message was handed over, delivered or failed, and each link clicked (ms). */
  private async activity(campaignId: string): Promise<Activity> {
    const sms = this.deps.smsMessages();
    const activity: Activity = { sent: [], delivered: [], failed: [], clicked: [], converted: [] };
    const now = this.clock.now().getTime();
    let batch = new Map<string, number>();
    const flush = async () => {
      if (batch.size === 0) return;
      const outcomes = await sms
        .find(
          {
            _id: { $in: [...batch.keys()] },
            status: { $in: ['delivered', 'failed', 'undelivered'] },
          },
          { status: 1, updatedAt: 1 },
        )
        .lean<Array<{ _id: string; status: string; updatedAt: Date }>>();
      for (const outcome of outcomes) {
        // An outcome comes after its send and not after now (the SMS records keep their own clock).
        const handed = batch.get(outcome._id) ?? 0;
        const at = Math.min(now, Math.max(handed, new Date(outcome.updatedAt).getTime()));
        (outcome.status === 'delivered' ? activity.delivered : activity.failed).push(at);
      }
      batch = new Map();
    };
    const cursor = this.models.CampaignRecipient.find(
      { campaignId, state: 'handed' },
      { messageId: 1, handedAt: 1, clickedAt: 1 },
    )
      .lean<Array<{ messageId?: string; handedAt?: Date; clickedAt?: Date }>>()
      .cursor();
    for await (const recipient of cursor) {
      const handed = new Date(recipient.handedAt ?? 0).getTime();
      activity.sent.push(handed);
      if (recipient.clickedAt) activity.clicked.push(new Date(recipient.clickedAt).getTime());
      if (recipient.messageId) batch.set(recipient.messageId, handed);
      if (batch.size >= 1000) await flush();
    }
    await flush();
    return activity;
  }
}

function toPromotionRef(promotion: CampaignPromotion): NonNullable<CampaignDocument['promotion']> {
  return {
    id: promotion.id,
    name: promotion.name,
    ...(promotion.campaignId ? { campaignId: promotion.campaignId } : {}),
  };
}

interface Activity {
  sent: number[];
  delivered: number[];
  failed: number[];
  clicked: number[];
  converted: number[];
}

const SERIES_POINTS = 60;

function minOf(values: number[]): number {
  let least = Infinity;
  for (const value of values) if (value < least) least = value;
  return least;
}

function maxOf(values: number[]): number {
  let most = -Infinity;
  for (const value of values) if (value > most) most = value;
  return most;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}

/** Running totals at up to 60 evenly spaced moments from the first send to now. */
function progressSeries(activity: Activity, now: number): ProgressPoint[] {
  if (activity.sent.length === 0) return [];
  // Loops, not spreads: a million arguments overflow the stack.
  const first = minOf(activity.sent);
  const last = Math.max(now, ...Object.values(activity).map((times: number[]) => maxOf(times)));
  const step = Math.max(1000, Math.ceil((last - first) / SERIES_POINTS / 1000) * 1000);
  const sorted = Object.fromEntries(
    Object.entries(activity).map(([key, times]) => [key, [...times].sort((a, b) => a - b)]),
  ) as unknown as Activity;
  const points: ProgressPoint[] = [];
  const countUpTo = (times: number[], at: number) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let at = first; ; at += step) {
    const moment = Math.min(at, last);
    points.push({
      at: new Date(moment),
      sent: countUpTo(sorted.sent, moment),
      delivered: countUpTo(sorted.delivered, moment),
      failed: countUpTo(sorted.failed, moment),
      clicked: countUpTo(sorted.clicked, moment),
      converted: countUpTo(sorted.converted, moment),
    });
    if (moment >= last) break;
  }
  return points;
}
