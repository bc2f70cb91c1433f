import { AppError } from '../shared/errors';
import type { CustomerStatus } from './customer';

/**
 * TMF629's lifecycle, simplified: a prospect is initialized, validated once checked, active while
 * she has a relationship with the operator, inactive when dormant; closed is final because a
 * closed account's identities may be reused by someone else.
 */
const allowed: Record<CustomerStatus, readonly CustomerStatus[]> = {
  initialized: ['validated', 'active', 'closed'],
  validated: ['active', 'closed'],
  active: ['inactive', 'closed'],
  inactive: ['active', 'closed'],
  closed: [],
};

export function canChangeCustomerStatus(from: CustomerStatus, to: CustomerStatus): boolean {
  return from === to || allowed[from].includes(to);
}

export function assertCustomerStatusChange(from: CustomerStatus, to: CustomerStatus): void {
  if (!canChangeCustomerStatus(from, to)) {
    throw new AppError('ILLEGAL_TRANSITION', `A customer cannot go from ${from} to ${to}`, {
      from,
      to,
      allowed: allowed[from],
    });
  }
}
