import { z } from 'zod';
import { AppError } from '../shared/errors';

/**
 * TMF648 quote states used here. A quote is priced the moment it is made, so it starts `approved`
 * (ready for the customer); `inProgress` is for quotes an agent is still shaping. Expiry is not a
 * state: it follows from `validFor`, so it can never be forgotten by a job that did not run.
 */
export const quoteStates = ['inProgress', 'approved', 'accepted', 'cancelled', 'rejected'] as const;
export type QuoteState = (typeof quoteStates)[number];
export const quoteStateSchema = z.enum(quoteStates);

const legalQuoteTransitions: Readonly<Record<QuoteState, readonly QuoteState[]>> = {
  inProgress: ['approved', 'cancelled', 'rejected'],
  approved: ['accepted', 'rejected', 'cancelled'],
  accepted: [],
  cancelled: [],
  rejected: [],
};

export function isQuoteExpired(validUntil: Date, now: Date): boolean {
  return now.getTime() >= validUntil.getTime();
}

export function assertQuoteTransition(from: QuoteState, to: QuoteState, expired: boolean): void {
  const allowed = legalQuoteTransitions[from];
  if (!allowed.includes(to)) {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      allowed.length === 0
        ? `A quote that is ${from} is final`
        : `A quote cannot go from ${from} to ${to}; it can become ${allowed.join(', ')}`,
      { from, to, allowed: [...allowed] },
    );
  }
  if (expired && to === 'accepted') {
    throw new AppError('UNPROCESSABLE', 'This quote has expired; ask for a new one', { from, to });
  }
}
