import { tenureMonths } from '../../../../src/domain/customers/tenure';

const d = (iso: string) => new Date(iso);

describe('tenure in months', () => {
  it.each([
    ['2021-03-14T10:00:00Z', '2021-03-14T10:00:00Z', 0],
    ['2021-03-14T10:00:00Z', '2021-04-14T09:59:59Z', 0],
    ['2021-03-14T10:00:00Z', '2021-04-14T10:00:00Z', 1],
    ['2021-03-14T10:00:00Z', '2025-06-01T00:00:00Z', 50],
    ['2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z', 1],
    ['2024-01-31T00:00:00Z', '2024-02-28T23:59:59Z', 0],
    ['2023-01-31T00:00:00Z', '2023-02-28T00:00:00Z', 1],
    ['2024-12-15T00:00:00Z', '2025-01-14T00:00:00Z', 0],
    ['2024-12-15T00:00:00Z', '2025-01-15T00:00:00Z', 1],
  ])('from %s to %s is %i', (since, now, expected) => {
    expect(tenureMonths(d(since), d(now))).toBe(expected);
  });

  it('is never negative for a customer-since date in the future', () => {
    expect(tenureMonths(d('2026-01-01T00:00:00Z'), d('2025-01-01T00:00:00Z'))).toBe(0);
  });
});
