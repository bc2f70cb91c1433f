import type { CompletedOrderItems, SubscriptionUpdater } from '../commerce/ports';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import type { Subscription } from './customer';
import type { CustomerDocument, CustomerModels } from './models';
import type { PlanClassifier } from './plan-classifier';

const MAX_ATTEMPTS = 5;

/**
 * Applies a completed order to the customer's subscriptions. Idempotent per order: the order id is
 * recorded in the same write, so a redelivered `order.completed` (or a retried job) changes nothing.
 */
export class CustomerSubscriptionUpdater implements SubscriptionUpdater {
  constructor(
    private readonly models: CustomerModels,
    private readonly plans: PlanClassifier,
    private readonly events: DomainEventPublisher,
    private readonly clock: Clock = systemClock,
  ) {}

  async applyCompletedOrder(order: CompletedOrderItems): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.models.Customer.findById(order.customerId).lean<CustomerDocument>();
      if (!doc) {
        throw new AppError('NOT_FOUND', `No customer ${order.customerId}`, {
          customerId: order.customerId,
        });
      }
      if ((doc.appliedOrderIds ?? []).includes(order.orderId)) return;
      const now = this.clock.now();
      const subscriptions = await this.apply(doc.subscriptions ?? [], order, now);
      const written = await this.models.Customer.updateOne(
        { _id: doc._id, version: doc.version, appliedOrderIds: { $ne: order.orderId } },
        {
          $set: { subscriptions, lastUpdate: now, version: doc.version + 1 },
          $push: { appliedOrderIds: order.orderId },
        },
      );
      if (written.modifiedCount === 1) {
        await this.events.publish('customer.updated', { customerId: doc._id });
        return;
      }
    }
    throw new AppError('CONFLICT', `Customer ${order.customerId} kept changing; retry the order`, {
      orderId: order.orderId,
    });
  }

  private async apply(
    current: Subscription[],
    order: CompletedOrderItems,
    now: Date,
  ): Promise<Subscription[]> {
    const subscriptions = current.map((subscription) => ({ ...subscription }));
    for (const item of order.items) {
      if (item.action === 'add') {
        const isPlan = await this.plans.isPlan(item.offeringId);
        for (let n = 0; n < Math.max(1, item.quantity); n++) {
          subscriptions.push({
            id: newId('sub'),
            offeringId: item.offeringId,
            offeringName: item.offeringName,
            isPlan,
            status: 'active',
            characteristics: { ...item.characteristics },
            startDate: now,
            orderId: order.orderId,
          });
        }
        continue;
      }
      const target = findTarget(subscriptions, item, order.orderId);
      if (item.action === 'modify') {
        // A plan change arrives as a modify naming the new offering.
        target.offeringId = item.offeringId;
        target.offeringName = item.offeringName;
        target.characteristics = { ...target.characteristics, ...item.characteristics };
        target.orderId = order.orderId;
      } else {
        target.status = 'terminated';
        target.endDate = now;
        target.orderId = order.orderId;
      }
    }
    return subscriptions;
  }
}

function findTarget(
  subscriptions: Subscription[],
  item: CompletedOrderItems['items'][number],
  orderId: string,
): Subscription {
  const live = subscriptions.filter((subscription) => subscription.status !== 'terminated');
  const target = item.subscriptionId
    ? live.find((subscription) => subscription.id === item.subscriptionId)
    : live.find((subscription) => subscription.offeringId === item.offeringId);
  if (!target) {
    throw new AppError(
      'UNPROCESSABLE',
      `Order ${orderId} changes a subscription the customer does not have`,
      {
        orderId,
        action: item.action,
        subscriptionId: item.subscriptionId,
        offeringId: item.offeringId,
      },
    );
  }
  return target;
}
