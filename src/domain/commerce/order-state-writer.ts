import { SYSTEM_CHANNEL } from '../interactions/interaction';
import type { Model } from 'mongoose';
import type { InteractionChannel, TimelineRecorder } from '../interactions/interaction';
import type { Clock } from '../shared/clock';
import type { DomainEventPublisher } from '../shared/events';
import { runAfterWrite } from './after-write';
import type { SideEffectErrorReporter } from './after-write';
import type { Order } from './order-model';
import { assertTransition } from './order-state';
import type { OrderState } from './order-state';

export interface OrderStateWriterDeps {
  orders: Model<Order>;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  clock: Clock;
  reportError: SideEffectErrorReporter;
}

const summaries: Record<OrderState, (id: string) => string> = {
  acknowledged: (id) => `Order ${id} received`,
  inProgress: (id) => `Order ${id} is being activated`,
  completed: (id) => `Order ${id} is active`,
  failed: (id) => `Order ${id} could not be activated`,
  cancelled: (id) => `Order ${id} was cancelled`,
};

/**
 * Moves an order between states: only legal transitions (assertTransition), only from the state the
 * caller read (a conditional update), and the events and timeline entry after the write.
 */
export class OrderStateWriter {
  constructor(private readonly deps: OrderStateWriterDeps) {}

  /** The updated order, or undefined when another writer moved it first. */
  async transition(
    order: Order,
    to: OrderState,
    options: { channel: InteractionChannel; reason?: string; set?: Partial<Order> },
  ): Promise<Order | undefined> {
    assertTransition(order.state, to);
    const now = this.deps.clock.now();
    const updated = await this.deps.orders
      .findOneAndUpdate(
        { _id: order._id, state: order.state },
        {
          $set: { ...options.set, state: to, lastUpdate: now },
          $push: {
            stateHistory: {
              from: order.state,
              to,
              at: now,
              ...(options.reason ? { reason: options.reason } : {}),
            },
          },
        },
        { returnDocument: 'after' },
      )
      .lean<Order>();
    if (!updated) return undefined;
    const { customerId } = updated;
    const effects: Array<readonly [string, () => Promise<unknown>]> = [
      [
        'order.stateChanged',
        () =>
          this.deps.events.publish('order.stateChanged', {
            orderId: order._id,
            customerId,
            from: order.state,
            to,
          }),
      ],
      [
        'order interaction',
        () =>
          this.deps.timeline.record({
            party: { customerId },
            kind: 'order',
            channel: options.channel,
            direction: options.channel === SYSTEM_CHANNEL ? 'outbound' : 'inbound',
            summary: summaries[to](order._id) + (options.reason ? `: ${options.reason}` : ''),
            ref: { type: 'order', id: order._id },
            details: { from: order.state, to },
            dedupeKey: `order:${order._id}:${to}`,
          }),
      ],
    ];
    if (to === 'completed') {
      effects.push([
        'order.completed',
        () => this.deps.events.publish('order.completed', { orderId: order._id, customerId }),
      ]);
    }
    if (to === 'failed') {
      effects.push([
        'order.failed',
        () =>
          this.deps.events.publish('order.failed', {
            orderId: order._id,
            customerId,
            reason: options.reason ?? 'activation failed',
          }),
      ]);
    }
    await runAfterWrite(effects, this.deps.reportError);
    return updated;
  }
}
