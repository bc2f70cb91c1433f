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
