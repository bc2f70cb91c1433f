import { z } from 'zod';
import { AppError } from '../shared/errors';

/**
 * Product order states, a subset of TMF622 v4. `failed` also covers TMF's `rejected` (an order that
 * fails validation right after acknowledgement), so it is reachable from `acknowledged`.
 */
export const orderStates = [
  'acknowledged',
  'inProgress',
  'completed',
  'failed',
  'cancelled',
] as const;

export type OrderState = (typeof orderStates)[number];

export const orderStateSchema = z.enum(orderStates);

/** TMF622: cancellation is possible until the order completes; completed, failed and cancelled are final. */
const legalTransitions: Readonly<Record<OrderState, readonly OrderState[]>> = {
  acknowledged: ['inProgress', 'cancelled', 'failed'],
  inProgress: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function nextOrderStates(from: OrderState): readonly OrderState[] {
  return legalTransitions[from];
}

export function isTerminalOrderState(state: OrderState): boolean {
  return legalTransitions[state].length === 0;
}

export function canTransition(from: OrderState, to: OrderState): boolean {
  return legalTransitions[from].includes(to);
}

export function assertTransition(from: OrderState, to: OrderState): void {
  if (canTransition(from, to)) return;
  const allowed = legalTransitions[from];
  const hint =
    allowed.length === 0
      ? `${from} is final`
      : `from ${from} an order can only become ${allowed.join(', ')}`;
  throw new AppError('ILLEGAL_TRANSITION', `An order cannot go from ${from} to ${to}: ${hint}`, {
    from,
    to,
    allowed: [...allowed],
  });
}
