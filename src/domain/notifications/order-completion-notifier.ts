import type { TimelineRecorder } from '../interactions/interaction';
import type { ChannelOutlet } from '../messaging/channel-outlet';
import { describeChannel, isPhoneIdentified } from '../shared/channel';
import type { Channel } from '../shared/channel';
import { isAppError } from '../shared/errors';

/** The little the notifier needs of an order and a customer; commerce and customers provide it. */
export interface CompletedOrderView {
  id: string;
  /** The short reference she was given when she ordered; the id when the order has none. */
  reference?: string;
  customerId: string;
  /** Where she ordered: she is told there when it carries messages to her number. */
  channel: Channel;
  items: ReadonlyArray<{ offeringName: string; action: 'add' | 'modify' | 'delete' }>;
}

export interface NotifiedCustomer {
  givenName: string;
  mobile?: string;
}

export interface OrderCompletionNotifierDeps {
  order(orderId: string): Promise<CompletedOrderView>;
  customer(customerId: string): Promise<NotifiedCustomer>;
  /** The outlets of this runtime (ChannelOutlets); SMS is the one every deployment has. */
  outlets: { find(channel: Channel): ChannelOutlet | undefined };
  timeline: TimelineRecorder;
}

/**
 * Tells the customer on the channel she ordered on when it carries messages to her number (a
 * WhatsApp chat, as a template outside its window), else by SMS that what she ordered is active (the last step of the seed's journey),
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
    const { messageId, channel } = await this.send(order, customer.mobile, {
      body,
      template: {
        name: 'order-complete',
        variables: {
          '1': customer.givenName,
          '2': orderedNames(order),
          '3': order.reference ?? order.id,
        },
      },
    });
    await this.deps.timeline.record({
      party: { customerId: order.customerId },
      kind: 'message',
      channel,
      direction: 'outbound',
      summary: `Order completion ${describeChannel(channel).timelineLabel} sent`,
      ref: { type: 'order', id: order.id },
      details: { messageId, text: body },
      // One notice per order, however often the job or event is redelivered.
      dedupeKey: `order-completion-sms:${order.id}`,
    });
    return true;
  }

  private async send(
    order: CompletedOrderView,
    to: string,
    message: { body: string; template: { name: string; variables: Record<string, string> } },
  ): Promise<{ messageId: string; channel: Channel }> {
    const own =
      describeChannel(order.channel).agentWrites === 'message' && isPhoneIdentified(order.channel)
        ? this.deps.outlets.find(order.channel)
        : undefined;
    if (own) {
      try {
        const { messageId } = await own.send({
          to,
          ...message,
          purpose: 'transactional',
          idempotencyKey: `order-completion:${order.id}:${order.channel}`,
        });
        return { messageId, channel: order.channel };
      } catch (error) {
        // Her channel will not carry it now (no approved template): a text will.
        if (!isAppError(error) || error.code !== 'CHANNEL_CLOSED') throw error;
      }
    }
    const sms = this.deps.outlets.find('sms');
    if (!sms) throw new Error('no SMS outlet: order completions cannot be sent');
    const { messageId } = await sms.send({
      to,
      body: message.body,
      purpose: 'transactional',
      idempotencyKey: `order-completion:${order.id}`,
    });
    return { messageId, channel: 'sms' };
  }
}

function orderedNames(order: CompletedOrderView): string {
  const names = order.items
    .filter((item) => item.action !== 'delete')
    .map((item) => item.offeringName);
  return names.length === 0 ? 'your change' : names.join(', ');
}

export function orderCompletionText(givenName: string, order: CompletedOrderView): string {
  const what = orderedNames(order);
  return `Hi ${givenName}, good news: ${what} is now active on your account. Order ${order.reference ?? order.id}. Reply HELP for help.`;
}
