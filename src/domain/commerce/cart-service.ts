import { isStaffChannel } from '../shared/channel';
import type { Model } from 'mongoose';
import type { TimelineRecorder } from '../interactions/interaction';
import type { Channel } from '../shared/channel';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import { partyKey } from '../shared/party';
import type { PartyRef } from '../shared/party';
import { isDuplicateKeyError, runAfterWrite } from './after-write';
import type { SideEffectErrorReporter } from './after-write';
import {
  agentDiscountRequestSchema,
  cartItemUpdateSchema,
  changeContextSchema,
  newCartItemSchema,
  replacementItemSchema,
} from './cart-inputs';
import type {
  AgentDiscountRequest,
  CartItemUpdate,
  ChangeContext,
  NewCartItem,
  ReplacementItem,
} from './cart-inputs';
import { HISTORY_LIMIT } from './cart-model';
import type { Cart, CartChangeKind, CartItem } from './cart-model';
import { historyEntry, pauseBeforeRetry } from './cart-history';
import { checkCartItems } from './cart-item-checks';
import type { PricingScope } from './cart-item-checks';
import { priceForReading } from './cart-pricing';
import { VisitorCartMerge } from './visitor-cart-merge';
import type { CartItemProblem } from './cart-pricing';
import type {
  CatalogSnapshotSource,
  CustomerContextSource,
  VisitorMergeParticipant,
} from './ports';
import type { CartPrice } from './pricing';
import type { AgentDiscountLimits } from './pricing-agent-discount';

/** A cart as every read returns it: priced for the channel that reads it. */
export interface CartView {
  cart: Cart;
  channel: Channel;
  price: CartPrice;
  problems: CartItemProblem[];
}

export interface CartServiceDeps {
  carts: Model<Cart>;
  catalog: CatalogSnapshotSource;
  customers: CustomerContextSource;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  clock: Clock;
  reportError: SideEffectErrorReporter;
  agentDiscountLimits?: AgentDiscountLimits;
  /** How often an unconditional change re-reads and retries after losing a race. */
  maxAttempts?: number;
}

/** What one change does to the item list, decided from the cart as read. */
interface ChangePlan {
  items: CartItem[];
  /** Items added or changed: only these are checked, so a retired item never blocks other changes. */
  touched: CartItem[];
  itemId?: string;
  summary: string;
  campaignId?: string;
}

export function partyOf(cart: Pick<Cart, 'customerId' | 'visitorId'>): PartyRef {
  if (cart.customerId) return { customerId: cart.customerId };
  return { visitorId: cart.visitorId ?? '' };
}

export function versionConflict(cart: Pick<Cart, '_id' | 'version'>, expected?: number): AppError {
  return new AppError(
    'VERSION_CONFLICT',
    `Cart ${cart._id} is at version ${cart.version}${expected === undefined ? '' : `, not ${expected}`}; read it again and retry`,
    {
      cartId: cart._id,
      currentVersion: cart.version,
      ...(expected === undefined ? {} : { expectedVersion: expected }),
    },
  );
}

function describeItem(item: Pick<CartItem, 'action' | 'quantity'>, name: string): string {
  const verb = { add: 'Add', modify: 'Change', delete: 'Remove' }[item.action];
  return `${verb} ${item.quantity > 1 ? `${item.quantity} × ` : ''}${name}`;
}

/**
 * The one cart every channel reads and changes. Each change is a conditional update on `version`:
 * with `expectedVersion` a lost race is refused (409), without it the change is re-planned on the
 * fresh cart, so two channels editing at once never lose an update.
 */
export class CartService implements VisitorMergeParticipant {
  private readonly maxAttempts: number;

  private readonly merger: VisitorCartMerge;

  constructor(private readonly deps: CartServiceDeps) {
    this.maxAttempts = deps.maxAttempts ?? 40;
    this.merger = new VisitorCartMerge({
      carts: deps.carts,
      clock: deps.clock,
      announce: (cart, context, kind, summary) => this.announceChange(cart, context, kind, summary),
    });
  }

  /** The party's cart, created empty on first use. */
  async cartFor(party: PartyRef, channel: Channel): Promise<CartView> {
    const cart = await this.ensureCart(party, channel);
    return this.view(cart, channel);
  }

  /** The stored cart without pricing (for access checks), or undefined. */
  async findCart(cartId: string): Promise<Cart | undefined> {
    return (await this.deps.carts.findById(cartId).lean<Cart>()) ?? undefined;
  }

  async findCartOf(party: PartyRef): Promise<Cart | undefined> {
    return (await this.deps.carts.findOne({ partyKey: partyKey(party) }).lean<Cart>()) ?? undefined;
  }

  async getCart(cartId: string, channel: Channel): Promise<CartView> {
    return this.view(await this.load(cartId), channel);
  }

  /** A cart already loaded (a page of `listCarts`), priced for `channel` without reading it again. */
  async viewOf(cart: Cart, channel: Channel): Promise<CartView> {
    return this.view(cart, channel);
  }

  /**
   * The cart priced for checkout on `channel`, every item checked again as if added now: an offer
   * added by an agent may not be orderable in self-care, and eligibility may have changed.
   */
  async orderableView(cartId: string, channel: Channel): Promise<CartView> {
    const cart = await this.load(cartId);
    const scope = await this.scopeFor(cart, channel);
    const view = this.viewWithScope(cart, scope);
    if (view.problems.length > 0) {
      throw new AppError(
        'UNPROCESSABLE',
        `Some items can no longer be sold: ${view.problems.map((problem) => problem.message).join('; ')}`,
        { cartId, problems: view.problems },
      );
    }
    checkCartItems(cart.items, cart.items, scope, this.deps.agentDiscountLimits);
    return view;
  }

  /** Stored carts, newest change first; callers price the ones they show. */
  async listCarts(
    filter: { customerId?: string | { $in: string[] } },
    page: { offset: number; limit: number },
  ): Promise<{ carts: Cart[]; total: number }> {
    const query = filter.customerId === undefined ? {} : { customerId: filter.customerId };
    const [carts, total] = await Promise.all([
      this.deps.carts
        .find(query)
        .sort({ 'updatedBy.at': -1, _id: 1 })
        .skip(page.offset)
        .limit(page.limit)
        .lean<Cart[]>(),
      this.deps.carts.countDocuments(query),
    ]);
    return { carts, total };
  }

  /** TMF663 create: a party has one cart, so a second one is a conflict naming the first. */
  async createCart(
    party: PartyRef,
    input: { items?: ReplacementItem[]; campaignId?: string },
    rawContext: ChangeContext,
  ): Promise<CartView> {
    const context = changeContextSchema.parse(rawContext);
    const now = this.deps.clock.now();
    const skeleton = this.emptyCart(party, context, now, input.campaignId);
    const scope = await this.scopeFor(skeleton, context.channel);
    const items = (input.items ?? []).map((raw) =>
      this.newItem(replacementItemSchema.parse(raw), context.channel, now),
    );
    const checked = checkCartItems(items, items, scope, this.deps.agentDiscountLimits);
    const cart: Cart = {
      ...skeleton,
      items: checked,
      version: 1,
      history: [
        historyEntry(1, 'create', context, now, `Cart created with ${checked.length} item(s)`),
      ],
    };
    try {
      await this.deps.carts.create(cart);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.findCartOf(party);
      throw new AppError('CONFLICT', 'This party already has a cart; change that one', {
        cartId: existing?._id,
      });
    }
    await this.announceChange(cart, context, 'create', cart.history[0]?.summary ?? 'Cart created');
    return this.viewWithScope(cart, scope);
  }

  async addItem(cartId: string, rawItem: NewCartItem, context: ChangeContext): Promise<CartView> {
    const input = newCartItemSchema.parse(rawItem);
    return this.change(cartId, context, 'addItem', (cart, scope) => {
      const item = this.newItem(input, scope.channel, scope.now);
      return {
        items: [...cart.items, item],
        touched: [item],
        itemId: item.id,
        summary: describeItem(item, this.nameOf(scope, item.offeringId)),
      };
    });
  }

  async updateItem(
    cartId: string,
    itemId: string,
    rawUpdate: CartItemUpdate,
    context: ChangeContext,
  ): Promise<CartView> {
    const update = cartItemUpdateSchema.parse(rawUpdate);
    return this.change(cartId, context, 'updateItem', (cart, scope) => {
      const current = this.requireItem(cart, itemId);
      const changed: CartItem = {
        ...current,
        ...(update.quantity === undefined ? {} : { quantity: update.quantity }),
        ...(update.characteristics === undefined
          ? {}
          : { characteristics: { ...current.characteristics, ...update.characteristics } }),
      };
      return {
        items: cart.items.map((item) => (item.id === itemId ? changed : item)),
        touched: [changed],
        itemId,
        summary: `Update ${this.nameOf(scope, current.offeringId)}`,
      };
    });
  }

  async removeItem(cartId: string, itemId: string, context: ChangeContext): Promise<CartView> {
    return this.change(cartId, context, 'removeItem', (cart, scope) => {
      const current = this.requireItem(cart, itemId);
      return {
        items: cart.items.filter((item) => item.id !== itemId),
        touched: [],
        itemId,
        summary: `Take ${this.nameOf(scope, current.offeringId)} out of the cart`,
      };
    });
  }

  /** Goodwill within the granting role's limit (pricing enforces it); only from the agent channel. */
  async applyAgentDiscount(
    cartId: string,
    itemId: string,
    rawDiscount: AgentDiscountRequest,
    context: ChangeContext,
  ): Promise<CartView> {
    const discount = agentDiscountRequestSchema.parse(rawDiscount);
    return this.change(cartId, context, 'agentDiscount', (cart, scope) => {
      if (!isStaffChannel(scope.channel)) {
        throw new AppError('FORBIDDEN', 'Agent discounts are granted from the agent channel only');
      }
      const current = this.requireItem(cart, itemId);
      const changed: CartItem = {
        ...current,
        agentDiscount: {
          kind: discount.kind,
          value: discount.value,
          byRole: discount.grantedByRole,
          ...(discount.appliesTo === undefined ? {} : { appliesTo: discount.appliesTo }),
        },
      };
      const amount =
        discount.kind === 'percent' ? `${discount.value}%` : `${discount.value} (minor units)`;
      return {
        items: cart.items.map((item) => (item.id === itemId ? changed : item)),
        touched: [changed],
        itemId,
        summary: `Agent discount of ${amount} on ${this.nameOf(scope, current.offeringId)}`,
      };
    });
  }

  /**
   * Replaces the item list (TMF663 PATCH): a listed id keeps its item (and any agent discount) with
   * the new quantity and characteristics, an unlisted one is removed, one without id is added.
   */
  async replaceItems(
    cartId: string,
    rawItems: ReplacementItem[],
    context: ChangeContext,
  ): Promise<CartView> {
    const wanted = rawItems.map((raw) => replacementItemSchema.parse(raw));
    return this.change(cartId, context, 'replaceItems', (cart, scope) => {
      const existing = new Map(cart.items.map((item) => [item.id, item]));
      const touched: CartItem[] = [];
      const items = wanted.map((entry) => {
        const current = entry.id === undefined ? undefined : existing.get(entry.id);
        if (!current) {
          const added = this.newItem(entry, scope.channel, scope.now);
          touched.push(added);
          return added;
        }
        if (
          current.offeringId !== entry.offeringId ||
          current.action !== entry.action ||
          current.subscriptionId !== entry.subscriptionId
        ) {
          throw new AppError(
            'VALIDATION_FAILED',
            `Cart item ${current.id} keeps its offering, action and subscription; remove it and add a new item instead`,
            { itemId: current.id },
          );
        }
        const sameConfig =
          current.quantity === entry.quantity &&
          JSON.stringify(current.characteristics) === JSON.stringify(entry.characteristics);
        if (sameConfig || Object.keys(entry.characteristics).length === 0) {
          const changed = { ...current, quantity: entry.quantity };
          if (changed.quantity !== current.quantity) touched.push(changed);
          return changed;
        }
        const changed = {
          ...current,
          quantity: entry.quantity,
          characteristics: entry.characteristics,
        };
        touched.push(changed);
        return changed;
      });
      const ids = new Set(items.map((item) => item.id));
      if (ids.size !== items.length) {
        throw new AppError('VALIDATION_FAILED', 'A cart item id appears more than once');
      }
      return { items, touched, summary: `Cart items replaced (${items.length} item(s))` };
    });
  }

  async clear(cartId: string, context: ChangeContext): Promise<CartView> {
    return this.change(cartId, context, 'clear', () => ({
      items: [],
      touched: [],
      summary: 'Cart emptied',
    }));
  }

  /** Attributes the purchase to a campaign (e.g. the tracked link the customer opened). */
  async attributeCampaign(
    cartId: string,
    campaignId: string,
    context: ChangeContext,
  ): Promise<CartView> {
    if (campaignId.trim() === '') throw new AppError('VALIDATION_FAILED', 'campaignId is empty');
    return this.change(cartId, context, 'attributeCampaign', (cart) => ({
      items: cart.items,
      touched: [],
      campaignId,
      summary: `Attributed to campaign ${campaignId}`,
    }));
  }

  /** TMF663 DELETE: the cart document goes; the party gets a fresh cart on next use. */
  async deleteCart(cartId: string, rawContext: ChangeContext): Promise<void> {
    const context = changeContextSchema.parse(rawContext);
    const cart = await this.load(cartId);
    if (context.expectedVersion !== undefined && cart.version !== context.expectedVersion) {
      throw versionConflict(cart, context.expectedVersion);
    }
    const filter =
      context.expectedVersion === undefined
        ? { _id: cartId }
        : { _id: cartId, version: context.expectedVersion };
    const deleted = await this.deps.carts.findOneAndDelete(filter).lean<Cart>();
    if (!deleted) {
      const current = await this.findCart(cartId);
      if (!current) throw new AppError('NOT_FOUND', `No cart ${cartId}`, { cartId });
      throw versionConflict(current, context.expectedVersion);
    }
    const gone: Cart = { ...deleted, items: [], version: deleted.version + 1 };
    await this.announceChange(gone, context, 'clear', 'Cart deleted');
  }

  /** Moves a linked visitor's cart into the customer's, once (see VisitorMergeParticipant). */
  async mergeVisitor(visitorId: string, customerId: string): Promise<void> {
    await this.merger.mergeVisitor(visitorId, customerId);
  }

  /** Read, plan, check, conditional write; re-plan on a lost race unless the caller named a version. */
  private async change(
    cartId: string,
    rawContext: ChangeContext,
    kind: CartChangeKind,
    plan: (cart: Cart, scope: PricingScope) => ChangePlan,
  ): Promise<CartView> {
    const context = changeContextSchema.parse(rawContext);
    let cart = await this.load(cartId);
    const scope = await this.scopeFor(cart, context.channel);
    for (let attempt = 1; ; attempt += 1) {
      if (context.expectedVersion !== undefined && cart.version !== context.expectedVersion) {
        throw versionConflict(cart, context.expectedVersion);
      }
      const planned = plan(cart, scope);
      const checked = checkCartItems(
        planned.touched,
        planned.items,
        scope,
        this.deps.agentDiscountLimits,
      );
      const byId = new Map(checked.map((item) => [item.id, item]));
      const items = planned.items.map((item) => byId.get(item.id) ?? item);
      const version = cart.version + 1;
      const entry = historyEntry(
        version,
        kind,
        context,
        scope.now,
        planned.summary,
        planned.itemId,
      );
      const updated = await this.deps.carts
        .findOneAndUpdate(
          { _id: cartId, version: cart.version },
          {
            $set: {
              items,
              updatedBy: {
                channel: context.channel,
                at: scope.now,
                ...(context.actorId ? { actorId: context.actorId } : {}),
              },
              ...(planned.campaignId === undefined ? {} : { campaignId: planned.campaignId }),
            },
            $inc: { version: 1 },
            $push: { history: { $each: [entry], $slice: -HISTORY_LIMIT } },
          },
          { returnDocument: 'after' },
        )
        .lean<Cart>();
      if (updated) {
        await this.announceChange(updated, context, kind, planned.summary, planned.itemId);
        // A new campaign changes her price: the view must show the price the cart now has.
        const priced =
          updated.campaignId === cart.campaignId
            ? scope
            : await this.scopeFor(updated, context.channel);
        return this.viewWithScope(updated, priced);
      }
      cart = await this.load(cartId);
      if (context.expectedVersion !== undefined)
        throw versionConflict(cart, context.expectedVersion);
      if (attempt >= this.maxAttempts) {
        throw new AppError(
          'VERSION_CONFLICT',
          `Cart ${cartId} kept changing; gave up after ${attempt} attempts`,
          { cartId, currentVersion: cart.version },
        );
      }
      await pauseBeforeRetry(attempt);
    }
  }

  /** Raises cart.updated and records the change on the timeline; for changes made outside this service. */
  async announceChange(
    cart: Cart,
    context: ChangeContext,
    kind: CartChangeKind,
    summary: string,
    itemId?: string,
  ): Promise<void> {
    const party = partyOf(cart);
    await runAfterWrite(
      [
        [
          'cart.updated',
          () =>
            this.deps.events.publish('cart.updated', {
              cartId: cart._id,
              ...party,
              version: cart.version,
              channel: context.channel,
            }),
        ],
        [
          'cart-change interaction',
          () =>
            this.deps.timeline.record({
              party,
              kind: 'cart-change',
              channel: context.channel,
              direction: isStaffChannel(context.channel) ? 'internal' : 'inbound',
              summary,
              ref: { type: 'cart', id: cart._id },
              details: {
                change: kind,
                version: cart.version,
                ...(itemId ? { itemId } : {}),
                ...(context.actorId ? { actorId: context.actorId } : {}),
              },
              dedupeKey: `cart:${cart._id}:v${cart.version}`,
              ...(context.conversationId ? { conversationId: context.conversationId } : {}),
            }),
        ],
      ],
      this.deps.reportError,
    );
  }

  private async ensureCart(party: PartyRef, channel: Channel): Promise<Cart> {
    const existing = await this.findCartOf(party);
    if (existing) return existing;
    const cart = this.emptyCart(party, { channel }, this.deps.clock.now());
    try {
      await this.deps.carts.create(cart);
      return cart;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const raced = await this.findCartOf(party);
      if (!raced) throw error;
      return raced;
    }
  }

  private emptyCart(party: PartyRef, context: ChangeContext, now: Date, campaignId?: string): Cart {
    return {
      _id: newId('cart'),
      partyKey: partyKey(party),
      ...(party.customerId ? { customerId: party.customerId } : { visitorId: party.visitorId }),
      items: [],
      ...(campaignId ? { campaignId } : {}),
      version: 0,
      updatedBy: {
        channel: context.channel,
        at: now,
        ...(context.actorId ? { actorId: context.actorId } : {}),
      },
      history: [],
      mergedVisitorIds: [],
      createdAt: now,
    };
  }

  private newItem(
    input: {
      id?: string | undefined;
      action: CartItem['action'];
      offeringId: string;
      subscriptionId?: string | undefined;
      quantity: number;
      characteristics: CartItem['characteristics'];
    },
    channel: Channel,
    now: Date,
  ): CartItem {
    return {
      id: newId('item'),
      action: input.action,
      offeringId: input.offeringId,
      ...(input.subscriptionId === undefined ? {} : { subscriptionId: input.subscriptionId }),
      quantity: input.action === 'delete' ? 1 : input.quantity,
      characteristics: input.characteristics,
      addedOn: channel,
      addedAt: now,
    };
  }

  private requireItem(cart: Cart, itemId: string): CartItem {
    const item = cart.items.find((candidate) => candidate.id === itemId);
    if (!item)
      throw new AppError('NOT_FOUND', `Cart ${cart._id} has no item ${itemId}`, {
        cartId: cart._id,
        itemId,
      });
    return item;
  }

  private nameOf(scope: PricingScope, offeringId: string): string {
    return scope.snapshot.offering(offeringId)?.name ?? offeringId;
  }

  private async load(cartId: string): Promise<Cart> {
    const cart = await this.findCart(cartId);
    if (!cart) throw new AppError('NOT_FOUND', `No cart ${cartId}`, { cartId });
    return cart;
  }

  private async scopeFor(
    cart: Pick<Cart, 'customerId' | 'visitorId' | 'campaignId'>,
    channel: Channel,
  ): Promise<PricingScope> {
    const [snapshot, customer] = await Promise.all([
      this.deps.catalog.current(),
      this.deps.customers.contextFor(partyOf(cart), cart.campaignId ? [cart.campaignId] : []),
    ]);
    return { snapshot, customer, channel, now: this.deps.clock.now() };
  }

  private async view(cart: Cart, channel: Channel): Promise<CartView> {
    return this.viewWithScope(cart, await this.scopeFor(cart, channel));
  }

  private viewWithScope(cart: Cart, scope: PricingScope): CartView {
    const { price, problems } = priceForReading({
      items: cart.items,
      channel: scope.channel,
      customer: scope.customer,
      now: scope.now,
      snapshot: scope.snapshot,
      ...(this.deps.agentDiscountLimits
        ? { agentDiscountLimits: this.deps.agentDiscountLimits }
        : {}),
    });
    return { cart, channel: scope.channel, price, problems };
  }
}
