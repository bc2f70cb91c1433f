import type { CustomerContext } from '../../domain/catalog/customer-context';
import type { CatalogSnapshotSource, CustomerContextSource } from '../../domain/commerce/ports';
import type { CartLookup } from '../../domain/commerce/pricing-request';
import type { CustomerService } from '../../domain/customers/customer-service';
import type { IdentityService } from '../../domain/customers/identity-service';
import type { Clock } from '../../domain/shared/clock';

/** What the portal needs from the other contexts; thunks for services that exist once configured. */
export interface WebServices {
  snapshots: CatalogSnapshotSource;
  customerContexts: CustomerContextSource;
  customers: () => CustomerService;
  identities: () => IdentityService;
  /** Her cart's campaign and items price each offer as the cart will (undefined: no cart read). */
  carts: () => CartLookup | undefined;
  clock: Clock;
  /** What an anonymous visitor looks like to eligibility rules (the same for every visitor). */
  anonymousContext: () => Promise<CustomerContext>;
}
