import type { Job } from 'bullmq';
import type { OrderService } from '../../domain/commerce/order-service';
import { toTmfProductOrder } from '../../domain/commerce/tmf-resources';
import type { DomainEvent } from '../../domain/shared/events';
import type { RuntimeContext } from '../../runtime';
import { SIGNATURE_HEADER, signHubBody } from './hub-signature';
import type { HubSubscriptionStore, ProductOrderEventType } from './hub-subscriptions';

export const HUB_DELIVERY_QUEUE = 'tmf-hub-delivery';

export interface HubDeliveryJob {
  subscriptionId: string;
  eventId: string;
  eventType: ProductOrderEventType;
  /** The exact bytes signed and sent, built once when the event happened. */
  body: string;
}

export interface HubDeliveryOptions {
  attempts?: number;
  backoffDelayMs?: number;
  timeoutMs?: number;
}

/**
 * Delivers TMF622 order events to registered listeners from a BullMQ queue: every listener gets its
 * own job, retried with exponential backoff, so a listener that is down receives the event later.
 * Every process subscribes; the job id (listener + event id) makes the extra copies one job.
 */
export function registerHubDelivery(
  ctx: RuntimeContext,
  deps: { hub: HubSubscriptionStore; orders: OrderService },
  options: HubDeliveryOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const queue = ctx.queues.define<HubDeliveryJob, void>({
    name: HUB_DELIVERY_QUEUE,
    defaultJobOptions: {
      attempts: options.attempts ?? 10,
      backoff: { type: 'exponential', delay: options.backoffDelayMs ?? 2000 },
    },
    process: async (job: Job<HubDeliveryJob>) => {
      const subscription = await deps.hub.find(job.data.subscriptionId);
      // Unregistered since: nobody is waiting for it any more.
      if (!subscription) return;
      const response = await fetch(subscription.callback, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signHubBody(subscription.secret, job.data.body),
          'X-Event-Id': job.data.eventId,
        },
        body: job.data.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) {
        throw new Error(`listener ${subscription.callback} answered ${response.status}`);
      }
    },
  });

  const fanOut = async (
    event: DomainEvent,
    eventType: ProductOrderEventType,
    orderId: string,
    state?: string,
  ) => {
    const listeners = await deps.hub.listenersFor(eventType);
    if (listeners.length === 0) return;
    const order = toTmfProductOrder(await deps.orders.getOrder(orderId));
    const body = JSON.stringify({
      eventId: event.id,
      eventTime: event.occurredAt,
      eventType,
      correlationId: orderId,
      event: { productOrder: state ? { ...order, state } : order },
    });
    await Promise.all(
      listeners.map((listener) =>
        queue.add(
          eventType,
          { subscriptionId: listener._id, eventId: event.id, eventType, body },
          { jobId: `${listener._id}-${event.id}` },
        ),
      ),
    );
  };

  ctx.events.subscribe('order.created', (event) =>
    fanOut(event, 'ProductOrderCreateEvent', event.payload.orderId),
  );
  ctx.events.subscribe('order.stateChanged', (event) =>
    fanOut(event, 'ProductOrderStateChangeEvent', event.payload.orderId, event.payload.to),
  );
}
