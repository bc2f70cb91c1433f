import type { Customer } from '../customers/customer';
import { mayReceiveMarketing } from '../customers/consent';
import type { TimelineRecorder } from '../interactions/interaction';
import { toE164 } from '../messaging/phone-number';
import type { ChannelOutlet } from '../messaging/channel-outlet';
import { RecipientOptedOutError } from '../messaging/recipient-opted-out-error';
import type { Clock } from '../shared/clock';
import { describeChannel } from '../shared/channel';
import type { Channel, PromotionChannel } from '../shared/channel';
import { isAppError } from '../shared/errors';
import type { SkipReason } from './campaign';
import { linkPath } from './link-code';
import type { CampaignDocument, CampaignModels, CampaignRecipientDocument } from './models';
import type { CampaignCustomers, InterruptedSendRecovery, SendRateGate } from './ports';
import { isQuietTime, nextAllowedTime, recipientTimeZone } from './quiet-hours';
import { renderTemplate } from './template';

export type RecipientOutcome =
  | { outcome: 'handed'; messageId: string }
  | { outcome: 'skipped'; reason: SkipReason }
  | { outcome: 'deferred'; until: Date }
  /** Another job holds it (or it is already settled): nothing done here. */
  | { outcome: 'not-mine' };

export interface RecipientSenderDeps {
  models: CampaignModels;
  customers: CampaignCustomers;
  /** The outlets of this runtime (ChannelOutlets): a channel without one here is not used. */
  outlets: { find(channel: Channel): ChannelOutlet | undefined };
  rateGate: SendRateGate;
  recovery: InterruptedSendRecovery;
  timeline: TimelineRecorder;
  linkBase: string;
  clock: Clock;
}

/** Why a granted slot went unused: nothing was stored. */
class SendWithdrawn extends Error {
  constructor(readonly reason: 'stood-down' | 'quiet-hours') {
    super(`send withdrawn: ${reason}`);
  }
}

/**
 * Sends one recipient her message, at most once. The claim (a conditional update to `sending`
 * under this job attempt's token) decides who may send; the message id is recorded after the hand
 * over. A recipient found `sending` under an attempt that died is first looked up in the SMS
 * records by her unique link, so a send interrupted after the hand over is not repeated.
 */
export class RecipientSender {
  constructor(private readonly deps: RecipientSenderDeps) {}

  async send(
    campaign: CampaignDocument,
    recipient: CampaignRecipientDocument,
    owner: string,
    stillRunning: () => Promise<boolean> = async () => true,
  ): Promise<RecipientOutcome> {
    const { CampaignRecipient } = this.deps.models;
    const now = this.deps.clock.now();
    const claimed = await CampaignRecipient.updateOne(
      {
        _id: recipient._id,
        state: recipient.state,
        ...(recipient.state === 'sending' ? { owner: recipient.owner } : {}),
      },
      { $set: { state: 'sending', owner, sendingSince: now } },
    );
    if (claimed.modifiedCount === 0) return { outcome: 'not-mine' };
    if (recipient.state === 'deferred') await this.count(campaign._id, { 'counters.deferred': -1 });

    const marker = linkPath(recipient.code);
    if (recipient.state === 'sending' && recipient.to && recipient.sendingSince) {
      const stored = await this.deps.recovery.findStored(
        recipient.to,
        marker,
        recipient.sendingSince,
      );
      if (stored) return this.handed(campaign, recipient, owner, stored);
    }

    const customer = await this.deps.customers.find(recipient.customerId);
    if (!customer) return this.skip(campaign, recipient, owner, 'not-found');
    const routes = this.channelsFor(campaign, customer);
    if (routes.length === 0) return this.skip(campaign, recipient, owner, 'no-consent');
    const to = customer.mobile ? toE164(customer.mobile) : undefined;
    if (!to) return this.skip(campaign, recipient, owner, 'invalid-number');

    const timeZone = campaign.quietHours.timeZone ?? recipientTimeZone(customer);
    if (isQuietTime(now, timeZone, campaign.quietHours)) {
      return this.defer(campaign, recipient, owner, now, timeZone);
    }

    // Written before the hand over, so a recovery knows which number to look for.
    await CampaignRecipient.updateOne({ _id: recipient._id, owner }, { $set: { to } });
    const body = renderTemplate(campaign.template, {
      firstName: customer.name.given,
      offerName: campaign.offeringName,
      link: `${this.deps.linkBase}${marker}`,
    });
    // Outside a messaging app's free-form window only an approved template goes: the same words.
    const template = {
      name: 'promotion',
      variables: {
        '1': customer.name.given,
        '2': campaign.offeringName,
        '3': `${this.deps.linkBase}${marker}`,
      },
    };
    // One message per campaign and customer, whatever retries or crashes happen around it.
    const key = `campaign:${campaign._id}:${recipient.customerId}`;
    let sent: { messageId: string; channel: Channel } | undefined;
    try {
      for (const [index, route] of routes.entries()) {
        try {
          const { messageId } = await route.outlet.send({
            to,
            body,
            purpose: 'marketing',
            template,
            idempotencyKey: index === 0 ? key : `${key}:${route.channel}`,
            // The slot is granted as the message is stored, and it is stored at its moment.
            slot: async () => {
              const at = await this.deps.rateGate.acquire(
                `campaign:${campaign._id}`,
                campaign.ratePerSecond,
              );
              // The wait may have been long enough for a pause or cancel, or for quiet hours.
              if (!(await stillRunning())) throw new SendWithdrawn('stood-down');
              if (isQuietTime(this.deps.clock.now(), timeZone, campaign.quietHours)) {
                throw new SendWithdrawn('quiet-hours');
              }
              return at;
            },
          });
          sent = { messageId, channel: route.channel };
          break;
        } catch (error) {
          // Her preferred channel will not carry it now (no approved template): the next one will.
          const closed = isAppError(error) && error.code === 'CHANNEL_CLOSED';
          if (!closed || index === routes.length - 1) throw error;
        }
      }
    } catch (error) {
      if (error instanceof SendWithdrawn) {
        if (error.reason === 'quiet-hours') {
          return this.defer(campaign, recipient, owner, this.deps.clock.now(), timeZone);
        }
        // The claim goes back untouched.
        await CampaignRecipient.updateOne(
          { _id: recipient._id, owner, state: 'sending' },
          { $set: { state: 'pending' }, $unset: { owner: '', sendingSince: '' } },
        );
        return { outcome: 'not-mine' };
      }
      // The SMS side knows of an opt-out (a STOP) the customer record has not caught up with.
      if (error instanceof RecipientOptedOutError) {
        return this.skip(campaign, recipient, owner, 'no-consent');
      }
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        return this.skip(campaign, recipient, owner, 'invalid-number');
      }
      throw error;
    }
    return this.handed(campaign, recipient, owner, sent!.messageId, customer, sent!.channel);
  }

  /**
   * Where she gets this campaign, in order of preference: the campaign's channel where she opted
   * in to promotions there and it runs here, then SMS where she opted in to that.
   */
  private channelsFor(
    campaign: CampaignDocument,
    customer: Customer,
  ): Array<{ channel: PromotionChannel; outlet: ChannelOutlet }> {
    const preferred: PromotionChannel[] = [...new Set([campaign.channel ?? 'sms', 'sms' as const])];
    return preferred.flatMap((channel) => {
      const kind = describeChannel(channel).marketingConsent;
      const outlet = this.deps.outlets.find(channel);
      return kind && outlet && mayReceiveMarketing(customer.consent, kind)
        ? [{ channel, outlet }]
        : [];
    });
  }

  private async handed(
    campaign: CampaignDocument,
    recipient: CampaignRecipientDocument,
    owner: string,
    messageId: string,
    customer?: Customer,
    channel: Channel = 'sms',
  ): Promise<RecipientOutcome> {
    const now = this.deps.clock.now();
    const settled = await this.deps.models.CampaignRecipient.updateOne(
      { _id: recipient._id, owner, state: 'sending' },
      { $set: { state: 'handed', messageId, handedAt: now }, $unset: { owner: '' } },
    );
    if (settled.modifiedCount === 0) return { outcome: 'not-mine' };
    // The count and her timeline entry are independent of each other: one round trip, not two.
    const counted = this.count(campaign._id, { 'counters.sent': 1 });
    const recorded = this.deps.timeline.record({
      party: { customerId: recipient.customerId },
      kind: 'campaign-send',
      channel,
      direction: 'outbound',
      summary: `Campaign ${describeChannel(channel).timelineLabel}: ${campaign.name} (${campaign.offeringName})`,
      ref: { type: 'campaign', id: campaign._id },
      details: {
        campaignId: campaign._id,
        offeringId: campaign.offeringId,
        messageId,
        linkCode: recipient.code,
        ...(customer ? { firstName: customer.name.given } : {}),
      },
      dedupeKey: `campaign-send:${recipient._id}`,
      occurredAt: now,
    });
    await Promise.all([counted, recorded]);
    return { outcome: 'handed', messageId };
  }

  /** Quiet hours for her: the recipient waits for the next allowed time. */
  private async defer(
    campaign: CampaignDocument,
    recipient: CampaignRecipientDocument,
    owner: string,
    now: Date,
    timeZone: string,
  ): Promise<RecipientOutcome> {
    const until = nextAllowedTime(now, timeZone, campaign.quietHours);
    const deferred = await this.deps.models.CampaignRecipient.updateOne(
      { _id: recipient._id, owner, state: 'sending' },
      { $set: { state: 'deferred', deferredUntil: until }, $unset: { owner: '' } },
    );
    if (deferred.modifiedCount > 0) await this.count(campaign._id, { 'counters.deferred': 1 });
    return { outcome: 'deferred', until };
  }

  private async skip(
    campaign: CampaignDocument,
    recipient: CampaignRecipientDocument,
    owner: string,
    reason: SkipReason,
  ): Promise<RecipientOutcome> {
    const settled = await this.deps.models.CampaignRecipient.updateOne(
      { _id: recipient._id, owner, state: 'sending' },
      { $set: { state: 'skipped', skipReason: reason }, $unset: { owner: '' } },
    );
    if (settled.modifiedCount === 0) return { outcome: 'not-mine' };
    await this.count(campaign._id, { [`counters.skipped.${reason}`]: 1 });
    return { outcome: 'skipped', reason };
  }

  private async count(campaignId: string, increments: Record<string, number>): Promise<void> {
    await this.deps.models.Campaign.updateOne({ _id: campaignId }, { $inc: increments });
  }
}
