import {
  assertCustomerStatusChange,
  canChangeCustomerStatus,
} from '../../../../src/domain/customers/customer-status';
import { customerStatuses } from '../../../../src/domain/customers/customer';

describe('customer status transitions', () => {
  it.each([
    ['initialized', 'validated'],
    ['initialized', 'active'],
    ['validated', 'active'],
    ['active', 'inactive'],
    ['inactive', 'active'],
    ['active', 'closed'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canChangeCustomerStatus(from, to)).toBe(true);
  });

  it.each([
    ['active', 'initialized'],
    ['active', 'validated'],
    ['inactive', 'validated'],
    ['validated', 'inactive'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canChangeCustomerStatus(from, to)).toBe(false);
    expect(() => assertCustomerStatusChange(from, to)).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
  });

  it('makes closed final', () => {
    for (const to of customerStatuses.filter((status) => status !== 'closed')) {
      expect(canChangeCustomerStatus('closed', to)).toBe(false);
    }
  });
});
