import { campaignStatuses } from '../../../../src/domain/campaigns/campaign';
import {
  assertCampaignTransition,
  canMoveCampaign,
  campaignStatusesLeadingTo,
} from '../../../../src/domain/campaigns/campaign-status';

describe('campaign status transitions', () => {
  it('moves draft → scheduled → running → paused → running → completed', () => {
    expect(canMoveCampaign('draft', 'scheduled')).toBe(true);
    expect(canMoveCampaign('scheduled', 'running')).toBe(true);
    expect(canMoveCampaign('running', 'paused')).toBe(true);
    expect(canMoveCampaign('paused', 'running')).toBe(true);
    expect(canMoveCampaign('running', 'completed')).toBe(true);
  });

  it('never leaves cancelled, and never jumps from draft to running', () => {
    for (const status of campaignStatuses) expect(canMoveCampaign('cancelled', status)).toBe(false);
    expect(() => assertCampaignTransition('draft', 'running')).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
    expect(canMoveCampaign('completed', 'paused')).toBe(false);
  });

  it('lists where a pause may come from', () => {
    expect(campaignStatusesLeadingTo('paused').sort()).toEqual(['running', 'scheduled']);
  });
});
