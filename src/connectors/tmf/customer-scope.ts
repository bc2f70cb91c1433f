import { AppError } from '../../domain/shared/errors';
import { hasRole } from '../../domain/shared/principal';
import type { Principal, Role } from '../../domain/shared/principal';

/**
 * The storage filter for a list of customer-owned resources: staff may filter by
 * `relatedParty.id`; a customer's list is always her own, whatever she asked for.
 */
export function customerScopedFilter(
  principal: Principal,
  listFilter: Record<string, unknown>,
  staffRoles: readonly Role[],
): Record<string, unknown> {
  const { 'relatedParty.id': party, ...rest } = listFilter;
  const filter: Record<string, unknown> = { ...rest };
  if (party) filter.customerId = party;
  if (!hasRole(principal, staffRoles)) {
    if (!principal.customerId) throw new AppError('FORBIDDEN', 'You can only reach your own data');
    filter.customerId = principal.customerId;
  }
  return filter;
}
