import type { Model } from 'mongoose';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { Order } from './order-model';
import { isTerminalOrderState } from './order-state';
import type { OrderState } from './order-state';
import type { OrderStateWriter } from './order-state-writer';
import type {
  ProvisioningPort,
  ServiceOrderRequest,
  ServiceOrderResult,
  SubscriptionUpdater,
} from './ports';
import { isProvisioningFailure, ProvisioningFailure } from './provisioning-failure';

export interface ActivationServiceDeps {
  orders: Model<Order>;
  stateWriter: OrderStateWriter;
  provisioning: ProvisioningPort;
  subscriptions: SubscriptionUpdater;
  clock: Clock;
}

export interface ActivationAttempt {
  /** The job runner's last try: a retryable failure now fails the order instead of retrying. */
  isFinalAttempt: boolean;
}

export interface ActivationOutcome {
  orderId: string;
  state: OrderState;
}

function serviceOrderFor(order: Order): ServiceOrderRequest {
  return {
    externalId: order._id,
    customerId: order.customerId,
    items: order.items.map((item) => ({
      id: item.id,
      action: item.action,
      offeringId: item.offeringId,
      offeringName: item.offeringName,
      ...(item.subscriptionId ? { subscriptionId: item.subscriptionId } : {}),
      quantity: item.quantity,
      characteristics: { ...item.characteristics },
    })),
  };
}

/**
 * Activates a captured order through the provisioning system. Safe to run again for the same order
 * (a retried job): a final order is left alone, the provisioning call carries the order id as its
 * external id so the system dedupes it, and subscriptions are applied at most once per order.
 * A retryable failure is thrown so the job runner retries with backoff.
 */
export class ActivationService {
  constructor(private readonly deps: ActivationServiceDeps) {}

  async activate(orderId: string, attempt: ActivationAttempt): Promise<ActivationOutcome> {
    let order = await this.load(orderId);
    if (isTerminalOrderState(order.state)) return { orderId, state: order.state };
    if (order.state === 'acknowledged') {
      const started = await this.deps.stateWriter.transition(order, 'inProgress', {
        channel: 'system',
      });
      order = started ?? (await this.load(orderId));
      if (order.state !== 'inProgress') return { orderId, state: order.state };
    }

    let result: ServiceOrderResult;
    try {
      result = await this.deps.provisioning.submitServiceOrder(serviceOrderFor(order));
    } catch (error) {
      const failure = isProvisioningFailure(error)
        ? error
        : new ProvisioningFailure(`provisioning call failed: ${String(error)}`, true, undefined, {
            cause: error,
          });
      if (failure.retryable && !attempt.isFinalAttempt) throw failure;
      return this.fail(order, `Provisioning refused the order: ${failure.message}`);
    }

    await this.deps.orders.updateOne(
      { _id: orderId },
      { $set: { serviceOrder: { id: result.id, state: result.state } } },
    );
    if (['failed', 'rejected', 'cancelled'].includes(result.state)) {
      return this.fail(order, `Service order ${result.id} ended ${result.state}`);
    }
    if (result.state !== 'completed') {
      const pending = `Service order ${result.id} is still ${result.state}`;
      if (!attempt.isFinalAttempt) throw new ProvisioningFailure(pending, true);
      return this.fail(order, `${pending} after the last attempt`);
    }
    return this.complete(orderId);
  }

  private async complete(orderId: string): Promise<ActivationOutcome> {
    // Re-read: a cancellation that landed while provisioning ran must not be overwritten.
    const order = await this.load(orderId);
    if (order.state !== 'inProgress') return { orderId, state: order.state };
    if (!order.subscriptionsAppliedAt) {
      await this.deps.subscriptions.applyCompletedOrder({
        orderId,
        customerId: order.customerId,
        items: order.items.map((item) => ({
          action: item.action,
          offeringId: item.offeringId,
          offeringName: item.offeringName,
          ...(item.subscriptionId ? { subscriptionId: item.subscriptionId } : {}),
          characteristics: { ...item.characteristics },
          quantity: item.quantity,
        })),
      });
      await this.deps.orders.updateOne(
        { _id: orderId, subscriptionsAppliedAt: { $exists: false } },
        { $set: { subscriptionsAppliedAt: this.deps.clock.now() } },
      );
    }
    const completed = await this.deps.stateWriter.transition(order, 'completed', {
      channel: 'system',
      set: { completionDate: this.deps.clock.now() },
    });
    return { orderId, state: completed?.state ?? (await this.load(orderId)).state };
  }

  private async fail(order: Order, reason: string): Promise<ActivationOutcome> {
    const failed = await this.deps.stateWriter.transition(order, 'failed', {
      channel: 'system',
      reason,
      set: { failureReason: reason },
    });
    return { orderId: order._id, state: failed?.state ?? (await this.load(order._id)).state };
  }

  private async load(orderId: string): Promise<Order> {
    const order = await this.deps.orders.findById(orderId).lean<Order>();
    if (!order) throw new AppError('NOT_FOUND', `No product order ${orderId}`, { orderId });
    return order;
  }
}
