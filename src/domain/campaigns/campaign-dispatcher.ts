import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import type { AudienceReader } from './audience-reader';
import { completeIfFinished } from './campaign-progress';
import type { CampaignChunkDocument, CampaignDocument, CampaignModels } from './models';
import type { CampaignScheduler, ChunkEnqueuer } from './ports';

export const CHUNK_SIZE = 1000;

export interface DispatchOutcome {
  outcome: 'dispatched' | 'stale';
  chunks: number;
  targeted: number;
}

export interface CampaignDispatcherDeps {
  models: CampaignModels;
  audience: AudienceReader;
  chunks: ChunkEnqueuer;
  scheduler: CampaignScheduler;
  clock?: Clock;
  chunkSize?: number;
}

/**
 * The dispatch job: starts a run, re-enqueues the chunks an earlier run left unfinished, then walks
 * the audience in id order a thousand customers at a time, one chunk record and one chunk job per page.
 * The cursor advances in a conditional update, so a dispatch job retried after a crash continues
 * where the last one stopped and counts nobody twice; chunk ids are stable, so nothing is enqueued twice.
 */
export class CampaignDispatcher {
  private readonly clock: Clock;
  private readonly chunkSize: number;

  constructor(private readonly deps: CampaignDispatcherDeps) {
    this.clock = deps.clock ?? systemClock;
    this.chunkSize = deps.chunkSize ?? CHUNK_SIZE;
  }

  /**
   * The runs whose jobs a Redis that lost its data forgot: every running one (its dispatch is
   * started again), and every scheduled one with its start time.
   */
  async runsInProgress(): Promise<Array<{ campaignId: string; run: number; startAt?: Date }>> {
    const campaigns = await this.deps.models.Campaign.find(
      { status: { $in: ['running', 'scheduled'] } },
      { status: 1, run: 1, schedule: 1 },
    ).lean<Array<Pick<CampaignDocument, '_id' | 'status' | 'run' | 'schedule'>>>();
    return campaigns.map((campaign) => ({
      campaignId: campaign._id,
      run: campaign.run,
      ...(campaign.status === 'scheduled'
        ? { startAt: campaign.schedule?.startAt ?? this.clock.now() }
        : {}),
    }));
  }

  async dispatch(campaignId: string, run: number): Promise<DispatchOutcome> {
    const { Campaign, CampaignChunk } = this.deps.models;
    const now = this.clock.now();
    // The scheduled start has come: scheduled → running (or it is already running for this run).
    const campaign = await Campaign.findOneAndUpdate(
      { _id: campaignId, run, status: { $in: ['scheduled', 'running'] } },
      { $set: { status: 'running', lastUpdate: now } },
      { returnDocument: 'after' },
    ).lean<CampaignDocument>();
    if (!campaign) return { outcome: 'stale', chunks: 0, targeted: 0 };

    const unfinished = await CampaignChunk.find(
      { campaignId, state: { $ne: 'done' } },
      { _id: 1 },
    ).lean<Array<Pick<CampaignChunkDocument, '_id'>>>();
    await this.deps.chunks.enqueueChunks(
      unfinished.map((chunk) => ({ campaignId, chunkId: chunk._id, run })),
    );

    let cursor = campaign.dispatchCursor;
    let chunks = unfinished.length;
    let targeted = 0;
    if (!campaign.dispatchFinishedAt) {
      for await (const page of this.deps.audience.memberIdPages(
        campaign.audience,
        cursor,
        this.chunkSize,
      )) {
        const members = page.memberIds;
        if (members.length > 0) {
          // The chunk holds its members' ids, so processing it reads no one else's records.
          const chunkId = `${campaignId}:${page.lastId}`;
          await CampaignChunk.updateOne(
            { _id: chunkId },
            {
              $setOnInsert: {
                campaignId,
                fromId: members[0]!,
                toId: members.at(-1)!,
                customerIds: members,
                size: members.length,
                state: 'pending',
              },
            },
            { upsert: true },
          );
          await this.deps.chunks.enqueueChunks([{ campaignId, chunkId, run }]);
        }
        const advanced = await Campaign.updateOne(
          { _id: campaignId, run, status: 'running', dispatchCursor: cursor ?? { $exists: false } },
          { $set: { dispatchCursor: page.lastId }, $inc: { 'counters.targeted': members.length } },
        );
        // Paused, cancelled, or another dispatch of this run got further: this one stands down.
        if (advanced.modifiedCount === 0) return { outcome: 'stale', chunks, targeted };
        cursor = page.lastId;
        if (members.length > 0) chunks += 1;
        targeted += members.length;
      }
      await Campaign.updateOne(
        { _id: campaignId, run, dispatchFinishedAt: { $exists: false } },
        { $set: { dispatchFinishedAt: this.clock.now() } },
      );
    }
    await completeIfFinished(this.deps.models, campaignId, run, this.deps.scheduler, this.clock);
    return { outcome: 'dispatched', chunks, targeted };
  }
}
