import type { Clock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import type { RevenueTotals } from './campaign';
import type { CampaignDocument, CampaignModels } from './models';

export interface AttributedOrder {
  id: string;
  customerId: string;
  campaignId?: string;
  currency: string;
  totals: { oneTime: { amount: number }; recurring: { amount: number } };
}

/**
 * Counts an order attributed to a campaign (its cart carried the campaign) once, whichever process
 * sees the event and however often: the conversion record's id is the order id.
 */
export class ConversionRecorder {
  constructor(private readonly deps: { models: CampaignModels; clock: Clock }) {}

  async orderPlaced(order: AttributedOrder): Promise<boolean> {
    if (!order.campaignId) return false;
    const { Campaign, CampaignConversion } = this.deps.models;
    const campaign = await Campaign.findById(order.campaignId, { revenue: 1 }).lean<
      Pick<CampaignDocument, '_id' | 'revenue'>
    >();
    if (!campaign) return false;
    const revenue: RevenueTotals = {
      currency: order.currency,
      oneTime: order.totals.oneTime.amount,
      recurring: order.totals.recurring.amount,
    };
    try {
      await CampaignConversion.create({
        _id: order.id,
        campaignId: campaign._id,
        customerId: order.customerId,
        revenue,
        at: this.deps.clock.now(),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    if (!campaign.revenue) {
      // The first conversion fixes the currency; later ones add to it.
      await Campaign.updateOne(
        { _id: campaign._id, revenue: { $exists: false } },
        { $set: { revenue: { currency: order.currency, oneTime: 0, recurring: 0 } } },
      );
    }
    // Count and revenue move in one update, so a reader never sees one without the other.
    const counted = await Campaign.updateOne(
      { _id: campaign._id, 'revenue.currency': order.currency },
      {
        $inc: {
          'counters.converted': 1,
          'revenue.oneTime': revenue.oneTime,
          'revenue.recurring': revenue.recurring,
        },
      },
    );
    if (counted.modifiedCount === 0) {
      // Another currency than the first: counted as a conversion, not summed.
      await Campaign.updateOne({ _id: campaign._id }, { $inc: { 'counters.converted': 1 } });
    }
    return true;
  }
}
