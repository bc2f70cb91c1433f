import type { CustomerService } from '../domain/customers/customer-service';
import type { OrderService } from '../domain/commerce/order-service';
import type { TimelineRecorder } from '../domain/interactions/interaction';
import type { ChannelOutlets } from '../domain/messaging/channel-outlet';
import { OrderCompletionNotifier } from '../domain/notifications/order-completion-notifier';
import type { RuntimeContext } from '../runtime';

export const CUSTOMER_NOTIFICATIONS_QUEUE = 'customer-notifications';

export interface NotificationsDependencies {
  orders: () => OrderService;
  customers: () => CustomerService;
  /** Where messages to her go, per channel (SMS always; WhatsApp where it runs). */
  outlets: ChannelOutlets;
  timeline: TimelineRecorder;
}

/**
 * Customer notices that follow domain events. Every process receives `order.completed`; each
 * enqueues the same job id, so BullMQ keeps one job and the customer gets one message.
 */
export function createNotificationsFeature(dependencies: NotificationsDependencies) {
  return {
    name: 'notifications' as const,
    configure(context: RuntimeContext): void {
      const notifier = new OrderCompletionNotifier({
        order: async (orderId) => {
          const order = await dependencies.orders().getOrder(orderId);
          return {
            id: order._id,
            ...(order.reference ? { reference: order.reference } : {}),
            customerId: order.customerId,
            channel: order.channel,
            items: order.items,
          };
        },
        customer: async (customerId) => {
          const customer = await dependencies.customers().get(customerId);
          return { givenName: customer.name.given, mobile: customer.mobile };
        },
        outlets: dependencies.outlets,
        timeline: dependencies.timeline,
      });
      const queue = context.queues.define<{ orderId: string }, boolean>({
        name: CUSTOMER_NOTIFICATIONS_QUEUE,
        process: (job) => notifier.notify(job.data.orderId),
      });
      context.events.subscribe('order.completed', async (event) => {
        await queue.add(
          'order-completed',
          { orderId: event.payload.orderId },
          { jobId: `order-completed-${event.payload.orderId}` },
        );
      });
    },
  };
}
