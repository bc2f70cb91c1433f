import type { Clock } from '../shared/clock';
import type { CampaignDocument, CampaignModels } from './models';
import type { CampaignScheduler } from './ports';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Marks a running campaign completed once its audience walk finished and every chunk is done. Safe
 * to call from any process at any time: the update is conditional, so it happens once. A recurring
 * campaign is scheduled again instead (the next run reaches audience members not yet messaged).
 */
export async function completeIfFinished(
  models: CampaignModels,
  campaignId: string,
  run: number,
  scheduler: CampaignScheduler,
  clock: Clock,
): Promise<boolean> {
  const open = await models.CampaignChunk.exists({ campaignId, state: { $ne: 'done' } });
  if (open) return false;
  const now = clock.now();
  const completed = await models.Campaign.findOneAndUpdate(
    { _id: campaignId, run, status: 'running', dispatchFinishedAt: { $exists: true } },
    { $set: { status: 'completed', completedAt: now, lastUpdate: now } },
    { returnDocument: 'after' },
  ).lean<CampaignDocument>();
  if (!completed) return false;
  // The counter can trail the records by a send a killed worker never counted: settle it now,
  // so the list and the statistics say the same.
  const sent = await models.CampaignRecipient.countDocuments({ campaignId, state: 'handed' });
  await models.Campaign.updateOne({ _id: campaignId }, { $set: { 'counters.sent': sent } });
  const everyDays = completed.schedule?.everyDays;
  if (everyDays && completed.schedule) {
    let next = completed.schedule.startAt.getTime() + everyDays * DAY_MS;
    while (next <= now.getTime()) next += everyDays * DAY_MS;
    const rescheduled = await models.Campaign.findOneAndUpdate(
      { _id: campaignId, status: 'completed', run },
      {
        $set: {
          status: 'scheduled',
          'schedule.startAt': new Date(next),
          lastUpdate: now,
        },
        $unset: { dispatchCursor: '', dispatchFinishedAt: '', completedAt: '' },
        $inc: { run: 1 },
      },
      { returnDocument: 'after' },
    ).lean<CampaignDocument>();
    if (rescheduled) await scheduler.startRun(campaignId, rescheduled.run, new Date(next));
  }
  return true;
}

/**
 * Whether a job of `run` may still send for the campaign, re-read at most every `maxAgeMs`: a
 * pause or cancel reaches every chunk job within that time, without a read per recipient.
 */
export class CampaignRunProbe {
  private checkedAt = 0;
  private active = true;

  constructor(
    private readonly models: CampaignModels,
    private readonly campaignId: string,
    private readonly run: number,
    private readonly maxAgeMs = 500,
  ) {}

  async isActive(): Promise<boolean> {
    const now = Date.now();
    if (now - this.checkedAt < this.maxAgeMs) return this.active;
    const doc = await this.models.Campaign.findById(this.campaignId, { status: 1, run: 1 }).lean<
      Pick<CampaignDocument, 'status' | 'run'>
    >();
    this.checkedAt = now;
    this.active = doc?.status === 'running' && doc.run === this.run;
    return this.active;
  }
}
