import { assertQuoteTransition, isQuoteExpired } from '../../../../src/domain/commerce/quote-state';
import { AppError } from '../../../../src/domain/shared/errors';

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('quote states', () => {
  it('lets an approved quote be accepted, rejected or cancelled, and nothing after that', () => {
    expect(codeOf(() => assertQuoteTransition('approved', 'accepted', false))).toBeUndefined();
    expect(codeOf(() => assertQuoteTransition('approved', 'rejected', false))).toBeUndefined();
    expect(codeOf(() => assertQuoteTransition('inProgress', 'approved', false))).toBeUndefined();
    expect(codeOf(() => assertQuoteTransition('accepted', 'cancelled', false))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => assertQuoteTransition('inProgress', 'accepted', false))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('refuses to accept an expired quote but still lets it be rejected', () => {
    expect(codeOf(() => assertQuoteTransition('approved', 'accepted', true))).toBe('UNPROCESSABLE');
    expect(codeOf(() => assertQuoteTransition('approved', 'rejected', true))).toBeUndefined();
  });

  it('expires at the end of validFor', () => {
    const end = new Date('2025-07-22T10:00:00Z');
    expect(isQuoteExpired(end, new Date('2025-07-22T09:59:59Z'))).toBe(false);
    expect(isQuoteExpired(end, end)).toBe(true);
  });
});
