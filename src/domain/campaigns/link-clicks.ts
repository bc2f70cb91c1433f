import type { TimelineRecorder } from '../interactions/interaction';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import { linkCodePattern } from './link-code';
import type { CampaignDocument, CampaignModels, CampaignRecipientDocument } from './models';
import type { CampaignLinkTokenIssuer } from './ports';

export interface ClickResult {
  customerId: string;
  campaignId: string;
  offeringId: string;
  /** The signed campaign link token the landing page exchanges for her identity and attribution. */
  token: string;
}

/** A click on a personal link: counted once per recipient, on her timeline every time. */
export class LinkClicks {
  constructor(
    private readonly deps: {
      models: CampaignModels;
      timeline: TimelineRecorder;
      identities: () => CampaignLinkTokenIssuer;
      clock: Clock;
    },
  ) {}

  async click(code: string, context: { userAgent?: string } = {}): Promise<ClickResult> {
    const notFound = () => new AppError('NOT_FOUND', 'This link is not known or has expired');
    if (!linkCodePattern.test(code)) throw notFound();
    const { CampaignRecipient, Campaign } = this.deps.models;
    const recipient = await CampaignRecipient.findOne({ code }).lean<CampaignRecipientDocument>();
    if (!recipient) throw notFound();
    const campaign = await Campaign.findById(recipient.campaignId, {
      name: 1,
      offeringId: 1,
      offeringName: 1,
    }).lean<Pick<CampaignDocument, '_id' | 'name' | 'offeringId' | 'offeringName'>>();
    if (!campaign) throw notFound();

    const now = this.deps.clock.now();
    const first = await CampaignRecipient.updateOne(
      { _id: recipient._id, clickedAt: { $exists: false } },
      { $set: { clickedAt: now } },
    );
    if (first.modifiedCount > 0) {
      await Campaign.updateOne({ _id: campaign._id }, { $inc: { 'counters.clicked': 1 } });
    }
    await this.deps.timeline.record({
      party: { customerId: recipient.customerId },
      kind: 'link-click',
      channel: 'sms',
      direction: 'inbound',
      summary: `Opened the campaign link for ${campaign.offeringName}`,
      ref: { type: 'campaign', id: campaign._id },
      details: {
        campaignId: campaign._id,
        campaignName: campaign.name,
        offeringId: campaign.offeringId,
        linkCode: code,
        ...(context.userAgent ? { userAgent: context.userAgent.slice(0, 200) } : {}),
      },
      // A browser that follows the redirect twice in a second is one click.
      dedupeKey: `link-click:${code}:${Math.floor(now.getTime() / 1000)}`,
      occurredAt: now,
    });
    const token = await this.deps.identities().createCampaignLinkToken({
      customerId: recipient.customerId,
      campaignId: campaign._id,
    });
    return {
      customerId: recipient.customerId,
      campaignId: campaign._id,
      offeringId: campaign.offeringId,
      token,
    };
  }
}
