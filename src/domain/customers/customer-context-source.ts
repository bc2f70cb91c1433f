import type { CustomerContext } from '../catalog/customer-context';
import type { CustomerContextSource } from '../commerce/ports';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import type { PartyRef } from '../shared/party';
import type { AnonymousContextDefaults } from './customer-context-builder';
import { anonymousContext, buildCustomerContext } from './customer-context-builder';
import type { CustomerService } from './customer-service';
import type { CustomerModels, VisitorDocument } from './models';

/** Builds eligibility contexts from the customer record (the commerce port's implementation). */
export class CustomerContextProvider implements CustomerContextSource {
  constructor(
    private readonly customers: CustomerService,
    private readonly models: CustomerModels,
    private readonly defaults: AnonymousContextDefaults,
    private readonly clock: Clock = systemClock,
  ) {}

  async contextFor(party: PartyRef, campaignIds: readonly string[] = []): Promise<CustomerContext> {
    let customerId = party.customerId;
    if (!customerId && party.visitorId) {
      // A visitor linked a moment ago may still be named by an old cart or socket: use who she is.
      const visitor = await this.models.Visitor.findById(party.visitorId)
        .select({ linkedCustomerId: 1 })
        .lean<Pick<VisitorDocument, 'linkedCustomerId'>>();
      customerId = visitor?.linkedCustomerId;
    }
    const customer = customerId ? await this.customers.get(customerId) : undefined;
    return customer
      ? buildCustomerContext(customer, campaignIds, this.clock.now())
      : anonymousContext(campaignIds, this.defaults);
  }
}
