import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import { CampaignRunProbe, completeIfFinished } from './campaign-progress';
import { newLinkCode } from './link-code';
import type {
  CampaignChunkDocument,
  CampaignDocument,
  CampaignModels,
  CampaignRecipientDocument,
} from './models';
import type { CampaignScheduler } from './ports';
import type { RecipientSender } from './recipient-sender';

export type ChunkOutcome =
  | { outcome: 'done' }
  /** Some recipients wait (quiet hours, or held by another attempt): run again at `wakeAt`. */
  | { outcome: 'waiting'; wakeAt: Date }
  /** Paused, cancelled, or superseded by a later run: nothing more from this job. */
  | { outcome: 'stood-down' };

export interface ChunkProcessorDeps {
  models: CampaignModels;
  sender: RecipientSender;
  scheduler: CampaignScheduler;
  clock: Clock;
  /** How long a `sending` claim is respected before another attempt may take it over. */
  claimLeaseMs?: number;
  statusMaxAgeMs?: number;
  /** Sends in flight at once within one chunk, at most (default 32; fewer at low rates). */
  sendConcurrency?: number;
}

/**
 * One chunk job: makes the chunk's recipient records (once), then sends to each recipient not yet
 * settled, checking before each one that the campaign still runs. Deferred recipients make the
 * chunk wait; the job is enqueued again for the earliest of them.
 */
export class ChunkProcessor {
  constructor(private readonly deps: ChunkProcessorDeps) {}

  async process(
    chunkId: string,
    run: number,
    attempt: string = randomUUID(),
  ): Promise<ChunkOutcome> {
    const { Campaign, CampaignChunk, CampaignRecipient } = this.deps.models;
    const chunk = await CampaignChunk.findById(chunkId).lean<CampaignChunkDocument>();
    if (!chunk || chunk.state === 'done') return { outcome: 'done' };
    const campaign = await Campaign.findById(chunk.campaignId).lean<CampaignDocument>();
    const probe = new CampaignRunProbe(
      this.deps.models,
      chunk.campaignId,
      run,
      this.deps.statusMaxAgeMs,
    );
    if (!campaign || !(await probe.isActive())) return { outcome: 'stood-down' };
    if (!chunk.materialisedAt) await this.materialise(campaign, chunk);

    const leaseMs = this.deps.claimLeaseMs ?? 30_000;
    const owner = `${chunkId}:${run}:${attempt}`;
    let wakeAt: number | undefined;
    const wakeNoLaterThan = (at: number) => {
      wakeAt = wakeAt === undefined ? at : Math.min(wakeAt, at);
    };
    const open = await CampaignRecipient.find({
      chunkId,
      state: { $in: ['pending', 'deferred', 'sending'] },
    })
      .sort({ _id: 1 })
      .lean<CampaignRecipientDocument[]>();
    // A few sends in flight at once: each waits mostly on I/O, and the rate gate, not this loop,
    // decides the pace. Claims keep every recipient to one lane.
    let next = 0;
    let stoodDown = false;
    const lane = async () => {
      while (next < open.length && !stoodDown) {
        const recipient = open[next++]!;
        if (!(await probe.isActive())) {
          stoodDown = true;
          return;
        }
        const now = this.deps.clock.now().getTime();
        if (recipient.state === 'deferred' && recipient.deferredUntil!.getTime() > now) {
          wakeNoLaterThan(recipient.deferredUntil!.getTime());
          continue;
        }
        if (recipient.state === 'sending' && recipient.owner !== owner) {
          const leaseEnds = (recipient.sendingSince?.getTime() ?? 0) + leaseMs;
          if (leaseEnds > now) {
            wakeNoLaterThan(leaseEnds);
            continue;
          }
        }
        const result = await this.deps.sender.send(campaign, recipient, owner, () =>
          probe.isActive(),
        );
        if (result.outcome === 'deferred') wakeNoLaterThan(result.until.getTime());
      }
    };
    // Enough lanes to keep the rate gate's slots taken while each send's round trips take up to
    // half a second, no more: a lane waiting on a slot holds its recipient's claim.
    const laneCount = Math.min(
      this.deps.sendConcurrency ?? 32,
      Math.max(2, Math.ceil(campaign.ratePerSecond / 2)),
    );
    const lanes = await Promise.allSettled(Array.from({ length: laneCount }, lane));
    const failed = lanes.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (stoodDown) return { outcome: 'stood-down' };

    if (wakeAt !== undefined) {
      await CampaignChunk.updateOne(
        { _id: chunkId },
        { $set: { state: 'waiting', wakeAt: new Date(wakeAt) } },
      );
      return { outcome: 'waiting', wakeAt: new Date(wakeAt) };
    }
    await CampaignChunk.updateOne(
      { _id: chunkId },
      { $set: { state: 'done' }, $unset: { wakeAt: '' } },
    );
    await completeIfFinished(
      this.deps.models,
      chunk.campaignId,
      run,
      this.deps.scheduler,
      this.deps.clock,
    );
    return { outcome: 'done' };
  }

  /** One recipient record per member of the chunk; existing ones are kept. */
  private async materialise(
    campaign: CampaignDocument,
    chunk: CampaignChunkDocument,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const records: CampaignRecipientDocument[] = chunk.customerIds.map((customerId) => ({
      _id: `${campaign._id}:${customerId}`,
      campaignId: campaign._id,
      customerId,
      chunkId: chunk._id,
      code: newLinkCode(),
      state: 'pending',
      createdAt: now,
    }));
    if (records.length > 0) {
      try {
        await this.deps.models.CampaignRecipient.insertMany(records, {
          ordered: false,
          lean: true,
        });
      } catch (error) {
        // Claimed already (a retried chunk, or an overlapping one of a later run): kept as it is.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    await this.deps.models.CampaignChunk.updateOne(
      { _id: chunk._id },
      { $set: { materialisedAt: now } },
    );
  }
}
