import { AppError } from './errors';

/** Every role a caller can hold; machine clients (API keys) and users share the same set. */
export const roles = [
  'admin',
  'catalog-manager',
  'agent',
  'supervisor',
  'campaign-manager',
  'system',
  // Reads `/metrics` and nothing else: a scraper's credential.
  'metrics',
  'customer',
] as const;
export type Role = (typeof roles)[number];

/** Who is calling: an operator system (API key), a staff user, or a signed-in customer. */
export interface Principal {
  kind: 'api-key' | 'user' | 'customer';
  id: string;
  roles: Role[];
  /** Set for customers: the only customer whose data they may reach. */
  customerId?: string;
}

export function hasRole(principal: Principal | undefined, allowed: readonly Role[]): boolean {
  if (!principal) return false;
  return principal.roles.some((role) => role === 'admin' || allowed.includes(role));
}

export function assertAuthenticated(
  principal: Principal | undefined,
): asserts principal is Principal {
  if (!principal)
    throw new AppError('UNAUTHENTICATED', 'Send a valid API key or token as Authorization: Bearer');
}

/** 401 without a principal, 403 when none of its roles is allowed (admin is always allowed). */
export function assertRole(
  principal: Principal | undefined,
  allowed: readonly Role[],
): asserts principal is Principal {
  assertAuthenticated(principal);
  if (!hasRole(principal, allowed)) {
    throw new AppError('FORBIDDEN', `This needs one of the roles: ${allowed.join(', ')}`, {
      requiredRoles: allowed,
    });
  }
}

/** Staff with one of `staffRoles` reach any customer; a customer reaches only herself. */
export function assertCustomerAccess(
  principal: Principal | undefined,
  customerId: string,
  staffRoles: readonly Role[],
): asserts principal is Principal {
  assertAuthenticated(principal);
  if (hasRole(principal, staffRoles)) return;
  if (principal.kind === 'customer' && principal.customerId === customerId) return;
  // Not 404: the caller is known, and a customer learns nothing about others from a 403.
  throw new AppError('FORBIDDEN', 'You can only reach your own data');
}
