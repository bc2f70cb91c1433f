import { isStaffChannel } from '../shared/channel';
import type { Model } from 'mongoose';
import { z } from 'zod';
import type { TimelineRecorder } from '../interactions/interaction';
import { channelSchema } from '../shared/channel';
import type { Channel } from '../shared/channel';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import { toMajorUnits } from '../shared/money';
import { isDuplicateKeyError, runAfterWrite } from './after-write';
import type { SideEffectErrorReporter } from './after-write';
import { historyEntry } from './cart-history';
import { HISTORY_LIMIT } from './cart-model';
import type { Cart } from './cart-model';
import { versionConflict } from './cart-service';
import type { CartService } from './cart-service';
import { checkoutKeyOf, idempotencyKeySchema } from './idempotency';
import { consentMethods } from './order-model';
import { nextOrderReference } from './order-reference';
import type { Order } from './order-model';
import type { OrderStateWriter } from './order-state-writer';
import type { ActivationScheduler } from './ports';
import { freezePricedItems } from './priced-items';

export const checkoutInputSchema = z.strictObject({
  cartId: z.string().min(1).max(128),
  channel: channelSchema,
  idempotencyKey: idempotencyKeySchema.optional(),
  expectedVersion: z.number().int().nonnegative().optional(),
  customerConsent: z
    .strictObject({
      given: z.literal(true),
      method: z.enum(consentMethods),
      recordedBy: z.string().min(1).max(128).optional(),
    })
    .optional(),
  actorId: z.string().min(1).max(128).optional(),
});
export type CheckoutInput = z.input<typeof checkoutInputSchema>;

export interface CheckoutResult {
  order: Order;
  /** False when this was a repeat of an earlier checkout: the earlier order is returned. */
  created: boolean;
}

export interface OrderServiceDeps {
  orders: Model<Order>;
  carts: CartService;
  cartModel: Model<Cart>;
  stateWriter: OrderStateWriter;
  activation: ActivationScheduler;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  clock: Clock;
  reportError: SideEffectErrorReporter;
  maxAttempts?: number;
}

/** The cart changed between pricing and the write; the checkout is planned again. */
class CartMovedDuringCheckout extends Error {}

type Capture =
  { kind: 'created'; cart: Cart } | { kind: 'moved' } | { kind: 'earlier'; order: Order };

/**
 * Order capture for every channel: checkout turns the cart into one product order and empties the
 * cart in one transaction; the same checkout twice returns the first order.
 */
export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  async checkout(rawInput: CheckoutInput): Promise<CheckoutResult> {
    const input = checkoutInputSchema.parse(rawInput);
    const cart = await this.deps.carts.findCart(input.cartId);
    if (!cart) throw new AppError('NOT_FOUND', `No cart ${input.cartId}`, { cartId: input.cartId });
    const customerId = cart.customerId;
    if (!customerId) {
      throw new AppError(
        'UNPROCESSABLE',
        'A visitor cannot order: the customer must be identified first',
        { cartId: cart._id, visitorId: cart.visitorId },
      );
    }
    if (input.idempotencyKey !== undefined) {
      const earlier = await this.findByKey(
        checkoutKeyOf({
          customerId,
          cartId: cart._id,
          cartVersion: cart.version,
          idempotencyKey: input.idempotencyKey,
        }),
      );
      if (earlier) return this.replay(earlier);
    }
    if (input.expectedVersion !== undefined && cart.version !== input.expectedVersion) {
      // The version the caller saw may be the one an earlier checkout consumed.
      const earlier = await this.deps.orders
        .findOne({ cartId: cart._id, cartVersion: input.expectedVersion })
        .lean<Order>();
      if (earlier && earlier.customerId === customerId) return this.replay(earlier);
      throw versionConflict(cart, input.expectedVersion);
    }
    if (isStaffChannel(input.channel) && !input.customerConsent) {
      throw new AppError(
        'UNPROCESSABLE',
        "An agent takes an order only with the customer's consent recorded (customerConsent)",
        { cartId: cart._id },
      );
    }
    const maxAttempts = this.deps.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1 && input.idempotencyKey !== undefined) {
        // The cart moved under us: a concurrent checkout with the same key may be what moved it.
        const earlier = await this.findByKey(
          checkoutKeyOf({
            customerId,
            cartId: cart._id,
            cartVersion: cart.version,
            idempotencyKey: input.idempotencyKey,
          }),
        );
        if (earlier) return this.replay(earlier);
      }
      const outcome = await this.attempt(input, customerId);
      if (outcome) return outcome;
      if (input.expectedVersion !== undefined || attempt >= maxAttempts) {
        const current = await this.deps.carts.findCart(input.cartId);
        throw versionConflict(current ?? cart, input.expectedVersion);
      }
    }
  }

  async getOrder(orderId: string): Promise<Order> {
    const order = await this.deps.orders.findById(orderId).lean<Order>();
    if (!order) throw new AppError('NOT_FOUND', `No product order ${orderId}`, { orderId });
    return order;
  }

  async findByCancellationRequest(requestId: string): Promise<Order | undefined> {
    return (
      (await this.deps.orders.findOne({ cancellationRequestId: requestId }).lean<Order>()) ??
      undefined
    );
  }

  async listOrders(
    filter: Record<string, unknown>,
    page: { offset: number; limit: number },
  ): Promise<{ orders: Order[]; total: number }> {
    const [orders, total] = await Promise.all([
      this.deps.orders
        .find(filter)
        .sort({ orderDate: -1, _id: 1 })
        .skip(page.offset)
        .limit(page.limit)
        .lean<Order[]>(),
      this.deps.orders.countDocuments(filter),
    ]);
    return { orders, total };
  }

  /** Cancels while the state machine allows it (acknowledged or inProgress); final states refuse. */
  async cancel(
    orderId: string,
    input: { channel: Channel; reason?: string; requestId?: string },
  ): Promise<Order> {
    const channel = channelSchema.parse(input.channel);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const order = await this.getOrder(orderId);
      const now = this.deps.clock.now();
      const cancelled = await this.deps.stateWriter.transition(order, 'cancelled', {
        channel,
        ...(input.reason ? { reason: input.reason } : {}),
        set: {
          cancellationDate: now,
          ...(input.reason ? { cancellationReason: input.reason } : {}),
          ...(input.requestId ? { cancellationRequestId: input.requestId } : {}),
        },
      });
      if (cancelled) return cancelled;
    }
    throw new AppError('CONFLICT', `Order ${orderId} keeps changing state; read it again`, {
      orderId,
    });
  }

  /** One planned checkout; undefined when the cart moved under it and it must be planned again. */
  private async attempt(
    input: z.infer<typeof checkoutInputSchema>,
    customerId: string,
  ): Promise<CheckoutResult | undefined> {
    const { cart, price } = await this.deps.carts.orderableView(input.cartId, input.channel);
    if (input.expectedVersion !== undefined && cart.version !== input.expectedVersion)
      return undefined;
    if (cart.items.length === 0) {
      throw new AppError('UNPROCESSABLE', 'The cart is empty; add something before ordering', {
        cartId: cart._id,
      });
    }
    const now = this.deps.clock.now();
    const order: Order = {
      _id: newId('po'),
      reference: await nextOrderReference(this.deps.orders.db),
      customerId,
      channel: input.channel,
      state: 'acknowledged',
      cartId: cart._id,
      cartVersion: cart.version,
      checkoutKey: checkoutKeyOf({
        customerId,
        cartId: cart._id,
        cartVersion: cart.version,
        ...(input.idempotencyKey === undefined ? {} : { idempotencyKey: input.idempotencyKey }),
      }),
      items: freezePricedItems(cart.items, price),
      totals: price.totals,
      currency: price.currency,
      ...(cart.campaignId ? { campaignId: cart.campaignId } : {}),
      ...(input.customerConsent ? { customerConsent: { ...input.customerConsent, at: now } } : {}),
      createdBy: { channel: input.channel, ...(input.actorId ? { actorId: input.actorId } : {}) },
      orderDate: now,
      lastUpdate: now,
      stateHistory: [{ to: 'acknowledged', at: now }],
    };
    const capture = await this.capture(order, cart, input, now);
    if (capture.kind === 'moved') return undefined;
    if (capture.kind === 'earlier') return this.replay(capture.order);
    await this.announce(order, capture.cart, input);
    return { order, created: true };
  }

  /** Writes the order; tells a lost race with the cart apart from a repeated checkout. */
  private async capture(
    order: Order,
    cart: Cart,
    input: z.infer<typeof checkoutInputSchema>,
    now: Date,
  ): Promise<Capture> {
    try {
      return { kind: 'created', cart: await this.captureAndEmpty(order, cart, input, now) };
    } catch (error) {
      if (error instanceof CartMovedDuringCheckout) return { kind: 'moved' };
      if (!isDuplicateKeyError(error)) throw error;
      // A concurrent identical checkout won the race: its order is this checkout's answer.
      const earlier =
        (await this.findByKey(order.checkoutKey)) ??
        (await this.deps.orders
          .findOne({ cartId: cart._id, cartVersion: cart.version })
          .lean<Order>());
      if (!earlier) throw error;
      return { kind: 'earlier', order: earlier };
    }
  }

  /** The order and the emptied cart are written together or not at all. */
  private async captureAndEmpty(
    order: Order,
    cart: Cart,
    input: z.infer<typeof checkoutInputSchema>,
    now: Date,
  ): Promise<Cart> {
    return this.deps.orders.db.transaction(async (session) => {
      await new this.deps.orders(order).save({ session });
      const emptied = await this.deps.cartModel
        .findOneAndUpdate(
          { _id: cart._id, version: cart.version },
          {
            $set: {
              items: [],
              updatedBy: {
                channel: input.channel,
                at: now,
                ...(input.actorId ? { actorId: input.actorId } : {}),
              },
            },
            $inc: { version: 1 },
            $push: {
              history: {
                $each: [
                  historyEntry(
                    cart.version + 1,
                    'checkout',
                    {
                      channel: input.channel,
                      ...(input.actorId ? { actorId: input.actorId } : {}),
                    },
                    now,
                    `Checked out as order ${order._id}`,
                  ),
                ],
                $slice: -HISTORY_LIMIT,
              },
            },
          },
          { returnDocument: 'after', session },
        )
        .lean<Cart>();
      if (!emptied) throw new CartMovedDuringCheckout();
      return emptied;
    });
  }

  private async announce(
    order: Order,
    emptiedCart: Cart,
    input: z.infer<typeof checkoutInputSchema>,
  ): Promise<void> {
    const monthly = toMajorUnits(order.totals.recurring);
    const once = toMajorUnits(order.totals.oneTime);
    await runAfterWrite(
      [
        [
          'order.created',
          () =>
            this.deps.events.publish('order.created', {
              orderId: order._id,
              customerId: order.customerId,
              channel: order.channel,
            }),
        ],
        [
          'order interaction',
          () =>
            this.deps.timeline.record({
              party: { customerId: order.customerId },
              kind: 'order',
              channel: order.channel,
              direction: isStaffChannel(order.channel) ? 'internal' : 'inbound',
              summary: `Order ${order._id} placed: ${order.items.length} item(s), ${monthly} ${order.currency}/month, ${once} ${order.currency} once`,
              ref: { type: 'order', id: order._id },
              details: {
                cartId: order.cartId,
                state: order.state,
                ...(order.campaignId ? { campaignId: order.campaignId } : {}),
                ...(input.actorId ? { actorId: input.actorId } : {}),
              },
              dedupeKey: `order:${order._id}:acknowledged`,
            }),
        ],
        [
          'cart emptied',
          () =>
            this.deps.carts.announceChange(
              emptiedCart,
              { channel: input.channel, ...(input.actorId ? { actorId: input.actorId } : {}) },
              'checkout',
              `Checked out as order ${order._id}`,
            ),
        ],
      ],
      this.deps.reportError,
    );
    await this.schedule(order);
  }

  /**
   * A repeated checkout returns the first order. If that one is still waiting for activation (the
   * scheduler was down the first time), asking again is safe: activation is deduplicated per order.
   */
  private async replay(order: Order): Promise<CheckoutResult> {
    if (order.state === 'acknowledged') await this.schedule(order);
    return { order, created: false };
  }

  private async schedule(order: Order): Promise<void> {
    try {
      await this.deps.activation.scheduleActivation(order._id);
    } catch (error) {
      // The order stands; repeating the checkout (same key) schedules it again.
      this.deps.reportError(error, 'schedule activation');
    }
  }

  private async findByKey(checkoutKey: string): Promise<Order | undefined> {
    return (await this.deps.orders.findOne({ checkoutKey }).lean<Order>()) ?? undefined;
  }
}
