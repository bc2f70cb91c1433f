import { z } from 'zod';
import { money, percentOf } from '../shared/money';
import type { Money } from '../shared/money';

/** Charges that add up into cart totals. Usage rates are informational and never discounted here. */
export const chargeTypes = ['oneTime', 'recurring'] as const;
export type ChargeType = (typeof chargeTypes)[number];

export const discountTargets = ['oneTime', 'recurring', 'all'] as const;
export type DiscountTarget = (typeof discountTargets)[number];

export const discountKinds = ['percent', 'amount'] as const;
export type DiscountKind = (typeof discountKinds)[number];

/**
 * A reduction of a charge: `percent` of it (0–100], or a fixed `amount` in minor units of the
 * charge's currency. Used by channel alterations, promotions and agent discounts alike.
 */
export interface DiscountTerms {
  kind: DiscountKind;
  value: number;
  appliesTo: DiscountTarget;
}

export const discountTermsShape = {
  kind: z.enum(discountKinds),
  value: z.number().positive(),
  appliesTo: z.enum(discountTargets),
};

/**
 * An amount "off everything" is ambiguous (once per charge? once per offer?), so a fixed amount must
 * name the one charge type it reduces.
 */
export function checkDiscountTerms(terms: DiscountTerms, context: z.RefinementCtx): void {
  if (terms.kind === 'percent' && terms.value > 100) {
    context.addIssue({
      code: 'custom',
      message: 'a percent discount cannot exceed 100',
      path: ['value'],
    });
  }
  if (terms.kind === 'amount' && !Number.isSafeInteger(terms.value)) {
    context.addIssue({
      code: 'custom',
      message: 'an amount discount is an integer of minor units',
      path: ['value'],
    });
  }
  if (terms.kind === 'amount' && terms.appliesTo === 'all') {
    context.addIssue({
      code: 'custom',
      message: "an amount discount must apply to 'oneTime' or 'recurring', not 'all'",
      path: ['appliesTo'],
    });
  }
}

export const discountTermsSchema = z
  .strictObject(discountTermsShape)
  .superRefine(checkDiscountTerms);

export function discountTargetsCharge(target: DiscountTarget, chargeType: ChargeType): boolean {
  return target === 'all' || target === chargeType;
}

/** How much the discount takes off `current`, never more than `current` itself: prices do not go negative. */
export function discountReduction(current: Money, terms: DiscountTerms): Money {
  const requested = terms.kind === 'percent' ? percentOf(current, terms.value).amount : terms.value;
  return money(Math.max(0, Math.min(requested, current.amount)), current.currency);
}
