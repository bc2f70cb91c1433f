import { Schema } from 'mongoose';
import type { CharacteristicValue } from '../catalog/product-specification';
import { channels } from '../shared/channel';
import type { Channel } from '../shared/channel';
import { cartItemActions } from './pricing';
import type { CartItemAction } from './pricing';
import type { AgentDiscount } from './pricing-agent-discount';

export interface CartItem {
  id: string;
  action: CartItemAction;
  offeringId: string;
  /** The existing subscription a `modify` or `delete` item changes. */
  subscriptionId?: string;
  quantity: number;
  characteristics: Record<string, CharacteristicValue>;
  agentDiscount?: AgentDiscount;
  addedOn: Channel;
  addedAt: Date;
}

export const cartChangeKinds = [
  'create',
  'addItem',
  'updateItem',
  'removeItem',
  'agentDiscount',
  'replaceItems',
  'clear',
  'attributeCampaign',
  'mergeVisitor',
  'checkout',
] as const;
export type CartChangeKind = (typeof cartChangeKinds)[number];

/** One entry of the cart's own history: who changed it, from which channel, and how. */
export interface CartChange {
  version: number;
  kind: CartChangeKind;
  channel: Channel;
  actorId?: string;
  itemId?: string;
  summary: string;
  at: Date;
}

export interface Cart {
  _id: string;
  /** `customer:<id>` or `visitor:<id>`: unique, so a party has one cart. */
  partyKey: string;
  customerId?: string;
  visitorId?: string;
  items: CartItem[];
  /** The campaign the purchase is attributed to; the customers context decides whether it counts. */
  campaignId?: string;
  version: number;
  updatedBy: { channel: Channel; actorId?: string; at: Date };
  /** Newest last, bounded (see HISTORY_LIMIT). */
  history: CartChange[];
  /** Visitors already merged into this cart, so a repeated link merges nothing twice. */
  mergedVisitorIds: string[];
  createdAt: Date;
}

/** Enough for an agent to see how the cart got here without letting a busy cart grow without end. */
export const HISTORY_LIMIT = 100;

const cartItemSchema = new Schema<CartItem>(
  {
    id: { type: String, required: true },
    action: { type: String, enum: cartItemActions, required: true },
    offeringId: { type: String, required: true },
    subscriptionId: String,
    quantity: { type: Number, required: true },
    characteristics: { type: Schema.Types.Mixed, default: {} },
    agentDiscount: Schema.Types.Mixed,
    addedOn: { type: String, enum: channels, required: true },
    addedAt: { type: Date, required: true },
  },
  { _id: false, minimize: false },
);

const cartChangeSchema = new Schema<CartChange>(
  {
    version: { type: Number, required: true },
    kind: { type: String, enum: cartChangeKinds, required: true },
    channel: { type: String, enum: channels, required: true },
    actorId: String,
    itemId: String,
    summary: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

export const cartSchema = new Schema<Cart>(
  {
    _id: { type: String, required: true },
    partyKey: { type: String, required: true, unique: true },
    customerId: { type: String, index: true },
    visitorId: String,
    items: { type: [cartItemSchema], default: [] },
    campaignId: String,
    version: { type: Number, required: true, default: 0 },
    updatedBy: {
      channel: { type: String, enum: channels, required: true },
      actorId: String,
      at: { type: Date, required: true },
    },
    history: { type: [cartChangeSchema], default: [] },
    mergedVisitorIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: 'carts' },
);
