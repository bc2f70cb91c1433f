import type { TimelineRecorder } from '../interactions/interaction';
import type { SmsSender } from '../messaging/ports';

/** The little the notifier needs of an order and a customer; commerce and customers provide it. */
export interface CompletedOrderView {
  id: string;
  /** The short reference she was given when she ordered; the id when the order has none. */
  reference?: string;
  customerId: string;
  items: ReadonlyArray<{ offeringName: string; action: 'add' | 'modify' | 'delete' }>;
}

export interface NotifiedCustomer {
  givenName: string;
  mobile?: string;
}

export interface OrderCompletionNotifierDeps {
  order(orderId: string): Promise<CompletedOrderView>;
  customer(customerId: string): Promise<NotifiedCustomer>;
  sms: SmsSender;
  timeline: TimelineRecorder;
}

/**
 * Tells the customer by SMS that what she ordered is active (the last step of the seed's journey),
 * and puts that message on her timeline. Transactional: it goes out whatever her marketing consent.
 */
export class OrderCompletionNotifier {
  constructor(private readonly deps: OrderCompletionNotifierDeps) {}

  /** Returns false when the customer has no mobile to tell. */
  async notify(orderId: string): Promise<boolean> {
    const order = await this.deps.order(orderId);
    const customer = await this.deps.customer(order.customerId);
    if (!customer.mobile) return false;
    const body = orderCompletionText(customer.givenName, order);
    const { messageId } = await this.deps.sms.send({
      to: customer.mobile,
      body,
      purpose: 'transactional',
    });
    await this.deps.timeline.record({
      party: { customerId: order.customerId },
      kind: 'message',
      channel: 'sms',
      direction: 'outbound',
      summary: 'Order completion SMS sent',
      ref: { type: 'order', id: order.id },
      details: { messageId, text: body },
      // One notice per order, however often the job or event is redelivered.
      dedupeKey: `order-completion-sms:${order.id}`,
    });
    return true;
  }
}

export function orderCompletionText(givenName: string, order: CompletedOrderView): string {
  const names = order.items
    .filter((item) => item.action !== 'delete')
    .map((item) => item.offeringName);
  const what = names.length === 0 ? 'your change' : names.join(', ');
  return `Hi ${givenName}, good news: ${what} is now active on your account. Order ${order.reference ?? order.id}. Reply HELP for help.`;
}
