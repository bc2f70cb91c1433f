import type { Role } from '../shared/principal';

/** The roles a staff member can hold; `system` belongs to machine clients and `customer` to customers. */
export const staffRoles = [
  'agent',
  'supervisor',
  'catalog-manager',
  'campaign-manager',
  'admin',
  // A scraper's account: `/metrics` only.
  'metrics',
] as const satisfies readonly Role[];
export type StaffRole = (typeof staffRoles)[number];

/** A member of staff who signs in with a username and password. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: StaffRole[];
  /** Off-boarded users keep their record (audit trails name them) but can no longer sign in. */
  active: boolean;
  /** Agent routing: the handover queues she serves (assist issue). */
  queues: string[];
  /** Agent routing: how many conversations she may hold at once. */
  maxConcurrent: number;
  createdAt: Date;
}
