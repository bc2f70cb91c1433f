import { Schema } from 'mongoose';
import { channels, orderAgreements } from '../shared/channel';
import type { Channel } from '../shared/channel';
import { orderStates } from './order-state';
import type { OrderState } from './order-state';
import type { PricedItem } from './priced-items';
import type { ChargeSplit } from './pricing';

export const consentMethods = [...orderAgreements, 'signature'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

/** The customer's agreement to this order, as captured by whoever took it. */
export interface CustomerConsent {
  given: true;
  method: ConsentMethod;
  at: Date;
  recordedBy?: string;
}

export interface OrderStateChange {
  from?: OrderState;
  to: OrderState;
  at: Date;
  reason?: string;
}

/** A TMF622-shaped product order: what was bought, at what price, through which channel. */
export interface Order {
  _id: string;
  /** The short reference she quotes ("4821"), unique; older orders may have none. */
  reference?: string;
  customerId: string;
  channel: Channel;
  state: OrderState;
  cartId: string;
  cartVersion: number;
  /** Unique: the same checkout (same key, or same cart version) makes one order. */
  checkoutKey: string;
  items: PricedItem[];
  totals: ChargeSplit;
  currency: string;
  campaignId?: string;
  customerConsent?: CustomerConsent;
  createdBy: { channel: Channel; actorId?: string };
  orderDate: Date;
  lastUpdate: Date;
  completionDate?: Date;
  cancellationDate?: Date;
  cancellationReason?: string;
  /** The TMF622 cancelProductOrder task that cancelled it. */
  cancellationRequestId?: string;
  failureReason?: string;
  stateHistory: OrderStateChange[];
  serviceOrder?: { id: string; state: string };
  /** Set once the customer's subscriptions reflect the order, so a retried job never applies it twice. */
  subscriptionsAppliedAt?: Date;
}

export const orderSchema = new Schema<Order>(
  {
    _id: { type: String, required: true },
    reference: { type: String, unique: true, sparse: true },
    customerId: { type: String, required: true },
    channel: { type: String, enum: channels, required: true },
    state: { type: String, enum: orderStates, required: true },
    cartId: { type: String, required: true },
    cartVersion: { type: Number, required: true },
    checkoutKey: { type: String, required: true, unique: true },
    items: { type: Schema.Types.Mixed, default: () => [] },
    totals: { type: Schema.Types.Mixed, required: true },
    currency: { type: String, required: true },
    campaignId: String,
    customerConsent: Schema.Types.Mixed,
    createdBy: { type: Schema.Types.Mixed, required: true },
    orderDate: { type: Date, required: true },
    lastUpdate: { type: Date, required: true },
    completionDate: Date,
    cancellationDate: Date,
    cancellationReason: String,
    cancellationRequestId: { type: String, index: true },
    failureReason: String,
    stateHistory: { type: Schema.Types.Mixed, default: () => [] },
    serviceOrder: Schema.Types.Mixed,
    subscriptionsAppliedAt: Date,
  },
  { versionKey: false, minimize: false, collection: 'productOrders' },
);
// One order per cart version, whatever key the client sent.
orderSchema.index({ cartId: 1, cartVersion: 1 }, { unique: true });
orderSchema.index({ customerId: 1, orderDate: -1 });
orderSchema.index({ state: 1, orderDate: -1 });

/** How an order is named to its customer: its short reference, or (for an older one) its id. */
export function orderReferenceOf(order: Pick<Order, '_id' | 'reference'>): string {
  return order.reference ?? order._id;
}
