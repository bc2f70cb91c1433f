import type { CustomerContext } from '../catalog/customer-context';
import type { CustomerContextSource } from '../commerce/ports';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import type { PartyRef } from '../shared/party';
import type { AnonymousContextDefaults } from './customer-context-builder';
import { anonymousContext, buildCustomerContext } from './customer-context-builder';
import type { CustomerService } from './customer-service';
import type { CustomerModels, VisitorDocument } from './models';

export interface VisitorLinkMemoOptions {
  /**
   * Remember that a visitor is not linked, for at most this long (0: never). Only for a provider
   * whose owner calls `forgetVisitor` on every `visitor.linked` event (every process hears it);
   * the bound is a safety net should an event be missed.
   */
  unlinkedTtlMs: number;
  /** How many visitors are remembered, each way. */
  maxEntries: number;
}

const noMemo: VisitorLinkMemoOptions = { unlinkedTtlMs: 0, maxEntries: 10_000 };

/** Builds eligibility contexts from the customer record (the commerce port's implementation). */
export class CustomerContextProvider implements CustomerContextSource {
  /** Links are made once and never undone: a linked visitor's customer is remembered. */
  private readonly linked = new Map<string, string>();
  /** Visitors found unlinked, until when that answer stands. */
  private readonly unlinked = new Map<string, number>();
  /** Bumped by every `forgetVisitor`: an answer read across one is not remembered. */
  private generation = 0;

  constructor(
    private readonly customers: CustomerService,
    private readonly models: CustomerModels,
    private readonly defaults: AnonymousContextDefaults,
    private readonly clock: Clock = systemClock,
    private readonly memo: VisitorLinkMemoOptions = noMemo,
  ) {}

  async contextFor(party: PartyRef, campaignIds: readonly string[] = []): Promise<CustomerContext> {
    let customerId = party.customerId;
    if (!customerId && party.visitorId) {
      // A visitor linked a moment ago may still be named by an old cart or socket: use who she is.
      customerId = await this.linkedCustomerOf(party.visitorId);
    }
    const customer = customerId ? await this.customers.get(customerId) : undefined;
    return customer
      ? buildCustomerContext(customer, campaignIds, this.clock.now())
      : anonymousContext(campaignIds, this.defaults);
  }

  /** She was just linked (the `visitor.linked` event): her next context reads who she is. */
  forgetVisitor(visitorId: string): void {
    this.generation += 1;
    this.unlinked.delete(visitorId);
  }

  private async linkedCustomerOf(visitorId: string): Promise<string | undefined> {
    const known = this.linked.get(visitorId);
    if (known) return known;
    const until = this.unlinked.get(visitorId);
    if (until !== undefined) {
      if (until > Date.now()) return undefined;
      this.unlinked.delete(visitorId);
    }
    const generation = this.generation;
    const visitor = await this.models.Visitor.findById(visitorId)
      .select({ linkedCustomerId: 1 })
      .lean<Pick<VisitorDocument, 'linkedCustomerId'>>();
    const customerId = visitor?.linkedCustomerId;
    if (customerId) {
      remember(this.linked, visitorId, customerId, this.memo.maxEntries);
    } else if (visitor && this.memo.unlinkedTtlMs > 0 && generation === this.generation) {
      remember(
        this.unlinked,
        visitorId,
        Date.now() + this.memo.unlinkedTtlMs,
        this.memo.maxEntries,
      );
    }
    return customerId;
  }
}

/** Insertion-ordered map as a bounded memo: the oldest entry makes room. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
