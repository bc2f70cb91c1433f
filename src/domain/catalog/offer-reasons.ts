import type { Channel } from '../shared/channel';

/** Why an offering is not offered. A closed set: channels and the assist panel switch on it. */
export const offerReasonCodes = [
  'not-active',
  'outside-validity',
  'not-on-channel',
  'not-sellable-on-channel',
  'already-subscribed',
  'ineligible',
  'requires-missing',
  'excluded-by',
  'not-priced',
] as const;

export type OfferReasonCode = (typeof offerReasonCodes)[number];

/**
 * `message` is plain English for agents and logs; channels that localise switch on `code` and use
 * `related` (offering ids, or channels for `not-sellable-on-channel`).
 */
export interface OfferReason {
  code: OfferReasonCode;
  message: string;
  related?: string[];
}

function listNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(' or ');
}

export const offerReasons = {
  notActive: (offering: string, status: string): OfferReason => ({
    code: 'not-active',
    message: `"${offering}" is not on sale (lifecycle status ${status})`,
  }),
  outsideValidity: (offering: string): OfferReason => ({
    code: 'outside-validity',
    message: `"${offering}" is not available at this date`,
  }),
  notOnChannel: (offering: string, channel: Channel): OfferReason => ({
    code: 'not-on-channel',
    message: `"${offering}" is not shown on ${channel}`,
  }),
  notSellableOnChannel: (
    offering: string,
    channel: Channel,
    sellableOn: readonly Channel[],
  ): OfferReason => ({
    code: 'not-sellable-on-channel',
    message:
      sellableOn.length === 0
        ? `"${offering}" cannot be ordered on any channel`
        : `"${offering}" cannot be ordered on ${channel}; it can be ordered on ${sellableOn.join(', ')}`,
    related: [...sellableOn],
  }),
  alreadySubscribed: (offering: string, offeringId: string): OfferReason => ({
    code: 'already-subscribed',
    message: `The customer already has "${offering}"`,
    related: [offeringId],
  }),
  ineligible: (offering: string, ruleDescription: string | undefined): OfferReason => ({
    code: 'ineligible',
    message: ruleDescription
      ? `The customer is not eligible for "${offering}": ${ruleDescription}`
      : `The customer does not meet the eligibility conditions of "${offering}"`,
  }),
  requiresMissing: (
    offering: string,
    requiredIds: readonly string[],
    requiredNames: readonly string[],
  ): OfferReason => ({
    code: 'requires-missing',
    message: `"${offering}" needs ${listNames(requiredNames)} first`,
    related: [...requiredIds],
  }),
  excludedBy: (
    offering: string,
    conflictIds: readonly string[],
    conflictNames: readonly string[],
  ): OfferReason => ({
    code: 'excluded-by',
    message: `"${offering}" cannot be combined with ${listNames(conflictNames).replaceAll(' or ', ' and ')}`,
    related: [...conflictIds],
  }),
  notPriced: (offering: string): OfferReason => ({
    code: 'not-priced',
    message: `"${offering}" has no price valid at this date`,
  }),
};
