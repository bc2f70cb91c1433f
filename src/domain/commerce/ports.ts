import type { CatalogSnapshot } from '../catalog/catalog-snapshot';
import type { CustomerContext } from '../catalog/customer-context';
import type { PartyRef } from '../shared/party';

/** The current catalog, rebuilt when it changes; commerce prices every cart against it. */
export interface CatalogSnapshotSource {
  current(): Promise<CatalogSnapshot>;
}

/** What eligibility and pricing may know of the party (a visitor gets an anonymous context). */
export interface CustomerContextSource {
  contextFor(party: PartyRef, campaignIds?: readonly string[]): Promise<CustomerContext>;
}

/** A completed order changes what the customer subscribes to; the customers context owns that. */
export interface SubscriptionUpdater {
  applyCompletedOrder(order: CompletedOrderItems): Promise<void>;
}

export interface CompletedOrderItems {
  orderId: string;
  customerId: string;
  items: Array<{
    action: 'add' | 'modify' | 'delete';
    offeringId: string;
    offeringName: string;
    /** The subscription changed by `modify`/`delete`. */
    subscriptionId?: string;
    characteristics: Record<string, string | number>;
    quantity: number;
  }>;
}

/** Activation runs outside the request (a BullMQ job in infra); the domain only asks for it. */
export interface ActivationScheduler {
  scheduleActivation(orderId: string): Promise<void>;
}

/**
 * Linking a visitor to a customer (customers context) moves the visitor's cart into the customer's,
 * once: calling it again for the same pair changes nothing.
 */
export interface VisitorMergeParticipant {
  mergeVisitor(visitorId: string, customerId: string): Promise<void>;
}

/** TMF641 service order states, as the provisioning system reports them. */
export const serviceOrderStates = [
  'acknowledged',
  'inProgress',
  'completed',
  'failed',
  'rejected',
  'cancelled',
] as const;
export type ServiceOrderState = (typeof serviceOrderStates)[number];

/** What the southbound system must do for one product order (one service order item per order item). */
export interface ServiceOrderRequest {
  /** The product order id: the provisioning system dedupes on it, so a retried call never provisions twice. */
  externalId: string;
  customerId: string;
  items: Array<{
    id: string;
    action: 'add' | 'modify' | 'delete';
    offeringId: string;
    offeringName: string;
    subscriptionId?: string;
    quantity: number;
    characteristics: Record<string, string | number>;
  }>;
}

export interface ServiceOrderResult {
  id: string;
  state: ServiceOrderState;
}

/**
 * The southbound provisioning system (OSS/BSS). Implementations throw `ProvisioningFailure` with
 * `retryable` set for outages (retried with backoff) and unset for refusals (the order fails).
 */
export interface ProvisioningPort {
  submitServiceOrder(request: ServiceOrderRequest): Promise<ServiceOrderResult>;
}
