import { AppError } from '../shared/errors';
import type { CampaignStatus } from './campaign';

/** Every legal move. `completed` and `cancelled` are final. */
const transitions: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['running', 'paused', 'cancelled', 'draft'],
  running: ['paused', 'completed', 'cancelled'],
  paused: ['running', 'scheduled', 'cancelled'],
  // Final: running a finished campaign again would message its audience twice; duplicate it.
  completed: [],
  cancelled: [],
};

export function canMoveCampaign(from: CampaignStatus, to: CampaignStatus): boolean {
  return transitions[from].includes(to);
}

export function assertCampaignTransition(from: CampaignStatus, to: CampaignStatus): void {
  if (!canMoveCampaign(from, to)) {
    throw new AppError('ILLEGAL_TRANSITION', `A ${from} campaign cannot become ${to}`, {
      from,
      to,
    });
  }
}

/** The statuses from which `to` may be reached, for a single conditional update. */
export function campaignStatusesLeadingTo(to: CampaignStatus): CampaignStatus[] {
  return (Object.keys(transitions) as CampaignStatus[]).filter((from) =>
    transitions[from].includes(to),
  );
}

/** Whether sends may happen now. */
export function isSending(status: CampaignStatus): boolean {
  return status === 'running';
}
