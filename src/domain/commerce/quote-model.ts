import { Schema } from 'mongoose';
import { channels } from '../shared/channel';
import type { Channel } from '../shared/channel';
import type { PricedItem } from './priced-items';
import type { ChargeSplit } from './pricing';
import { quoteStates } from './quote-state';
import type { QuoteState } from './quote-state';

export interface Quote {
  _id: string;
  cartId: string;
  cartVersion: number;
  customerId?: string;
  visitorId?: string;
  /** The channel it was priced for: its prices hold wherever it is opened. */
  channel: Channel;
  state: QuoteState;
  items: PricedItem[];
  totals: ChargeSplit;
  currency: string;
  campaignId?: string;
  validFor: { startDateTime: Date; endDateTime: Date };
  quoteDate: Date;
  lastUpdate: Date;
  stateHistory: Array<{ from?: QuoteState; to: QuoteState; at: Date; channel: Channel }>;
}

export const quoteSchema = new Schema<Quote>(
  {
    _id: { type: String, required: true },
    cartId: { type: String, required: true },
    cartVersion: { type: Number, required: true },
    customerId: { type: String, index: true },
    visitorId: String,
    channel: { type: String, enum: channels, required: true },
    state: { type: String, enum: quoteStates, required: true },
    items: { type: Schema.Types.Mixed, default: () => [] },
    totals: { type: Schema.Types.Mixed, required: true },
    currency: { type: String, required: true },
    campaignId: String,
    validFor: {
      startDateTime: { type: Date, required: true },
      endDateTime: { type: Date, required: true },
    },
    quoteDate: { type: Date, required: true },
    lastUpdate: { type: Date, required: true },
    stateHistory: { type: Schema.Types.Mixed, default: () => [] },
  },
  { versionKey: false, minimize: false, collection: 'quotes' },
);
quoteSchema.index({ customerId: 1, quoteDate: -1 });
// The agent's panel reads the latest quote of her cart.
quoteSchema.index({ cartId: 1, quoteDate: -1 });
