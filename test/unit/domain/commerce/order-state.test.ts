import {
  assertTransition,
  canTransition,
  isTerminalOrderState,
  nextOrderStates,
  orderStates,
} from '../../../../src/domain/commerce/order-state';
import type { OrderState } from '../../../../src/domain/commerce/order-state';

const legal: [OrderState, OrderState][] = [
  ['acknowledged', 'inProgress'],
  ['acknowledged', 'cancelled'],
  ['acknowledged', 'failed'],
  ['inProgress', 'completed'],
  ['inProgress', 'failed'],
  ['inProgress', 'cancelled'],
];

const isLegal = (from: OrderState, to: OrderState) =>
  legal.some(([a, b]) => a === from && b === to);
const illegal = orderStates.flatMap((from) =>
  orderStates.filter((to) => !isLegal(from, to)).map((to): [OrderState, OrderState] => [from, to]),
);

describe('order state transitions (TMF622)', () => {
  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('has exactly 19 illegal pairs among the 25', () => {
    expect(illegal).toHaveLength(19);
  });

  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_TRANSITION',
        details: expect.objectContaining({ from, to }),
      }),
    );
  });

  it('explains what is allowed instead', () => {
    expect(() => assertTransition('acknowledged', 'completed')).toThrow(
      'An order cannot go from acknowledged to completed: from acknowledged an order can only become inProgress, cancelled, failed',
    );
    expect(() => assertTransition('completed', 'cancelled')).toThrow(
      'An order cannot go from completed to cancelled: completed is final',
    );
  });

  it('treats completed, failed and cancelled as terminal', () => {
    expect(orderStates.filter(isTerminalOrderState)).toEqual(['completed', 'failed', 'cancelled']);
    expect(nextOrderStates('inProgress')).toEqual(['completed', 'failed', 'cancelled']);
  });
});
