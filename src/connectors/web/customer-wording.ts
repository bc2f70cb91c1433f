import type { OfferReason } from '../../domain/catalog/offer-reasons';
import { describeChannel, isChannel } from '../../domain/shared/channel';

function list(names: readonly string[], conjunction: 'or' | 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)}`;
}

export interface WordingContext {
  signedIn: boolean;
  eligibilityDescription: string | undefined;
  nameOf(offeringId: string): string;
}

/**
 * Why not, said to the customer herself. The domain's messages are written for agents ("The
 * customer already has…"); pages switch on the reason code instead.
 */
export function customerCaveat(reason: OfferReason, context: WordingContext): string {
  const related = reason.related ?? [];
  switch (reason.code) {
    case 'already-subscribed':
      return 'You already have it.';
    case 'ineligible':
      return context.eligibilityDescription
        ? `Only available ${context.eligibilityDescription}.`
        : 'Not available for your account.';
    case 'requires-missing':
      return context.signedIn
        ? `Needs ${list(related.map(context.nameOf), 'or')} first.`
        : 'An add-on for our plans: sign in to add it to yours.';
    case 'excluded-by':
      return `Cannot be combined with ${list(related.map(context.nameOf), 'and')}.`;
    case 'not-sellable-on-channel': {
      const where = related.filter(isChannel);
      return where.length > 0
        ? `You can order it ${list(
            where.map((channel) => describeChannel(channel).inWords),
            'or',
          )}.`
        : 'It cannot be ordered right now.';
    }
    case 'not-priced':
      return 'Ask us for the price.';
    case 'not-active':
    case 'outside-validity':
    case 'not-on-channel':
      return 'It is not available at the moment.';
  }
}

/** The domain's "offered because" lines, minus the one that only says which channel asked. */
export function customerReasons(reasons: readonly string[]): string[] {
  return reasons
    .filter((reason) => !reason.startsWith('Can be ordered on '))
    .map((reason) =>
      reason === 'Required subscription in place' ? 'It works with the plan you have.' : reason,
    )
    .map((reason) =>
      reason.startsWith('Eligible: ') ? `Available ${reason.slice('Eligible: '.length)}.` : reason,
    );
}
