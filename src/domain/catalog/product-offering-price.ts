import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { Money } from '../shared/money';
import {
  catalogIdSchema,
  lifecycleStatusSchema,
  tmfPolymorphicFields,
  versionSchema,
} from './tmf-common';
import type { LifecycleStatus } from './tmf-common';
import { timePeriodSchema } from './time-period';
import type { TimePeriod } from './time-period';
import { tmfMoneySchema, toTmfMoney } from './tmf-money';
import type { TmfMoney } from './tmf-money';
import type { CharacteristicValue } from './product-specification';

export const priceTypes = ['oneTime', 'recurring', 'usage'] as const;
export type PriceType = (typeof priceTypes)[number];

/** Only monthly recurring charges exist in this catalog, so every recurring total is "per month". */
export const recurringChargePeriodTypes = ['month'] as const;
export type RecurringChargePeriodType = (typeof recurringChargePeriodTypes)[number];

/**
 * Held in minor units. Pricing works on `taxIncludedAmount` (what a consumer sees and pays);
 * `dutyFreeAmount` and `taxRate` are carried for invoices and business quotes.
 */
export interface Price {
  taxIncludedAmount: Money;
  dutyFreeAmount?: Money;
  taxRate?: number;
}

/**
 * TMF620 ProdSpecCharValueUse: the price applies only when the offering is configured with one of
 * these characteristic values (e.g. Data Boost priced per data size).
 */
export interface ProdSpecCharValueUse {
  name: string;
  productSpecCharacteristicValue: { value: CharacteristicValue }[];
}

export interface UsageUnit {
  amount: number;
  units: string;
}

export interface ProductOfferingPrice {
  id: string;
  href?: string;
  name: string;
  description?: string;
  version: string;
  lastUpdate: string;
  lifecycleStatus: LifecycleStatus;
  /** TMF620: a bundle price is composed of other prices; ours are simple (absent means false). */
  isBundle?: boolean;
  validFor?: TimePeriod;
  priceType: PriceType;
  recurringChargePeriodType?: RecurringChargePeriodType;
  unitOfMeasure?: UsageUnit;
  /**
   * TMF620 does not require an amount, so a catalog manager may create a price before its amount
   * is agreed; an offering can only refer to a price once it has one (see catalog consistency).
   */
  price?: Price;
  prodSpecCharValueUse?: ProdSpecCharValueUse[];
}

const priceSchema = z
  .strictObject({
    taxIncludedAmount: tmfMoneySchema,
    dutyFreeAmount: tmfMoneySchema.optional(),
    taxRate: z.number().min(0).max(100).optional(),
  })
  .refine(
    (price) =>
      price.dutyFreeAmount === undefined ||
      price.dutyFreeAmount.currency === price.taxIncludedAmount.currency,
    {
      message: 'dutyFreeAmount and taxIncludedAmount must share a currency',
      path: ['dutyFreeAmount'],
    },
  );

const prodSpecCharValueUseSchema = z.strictObject({
  name: z.string().min(1),
  productSpecCharacteristicValue: z
    .array(z.strictObject({ value: z.union([z.string().min(1), z.number()]) }))
    .min(1),
});

const offeringPriceFields = {
  ...tmfPolymorphicFields,
  id: catalogIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  version: versionSchema,
  lifecycleStatus: lifecycleStatusSchema,
  isBundle: z.boolean(),
  validFor: timePeriodSchema.optional(),
  priceType: z.enum(priceTypes),
  recurringChargePeriodType: z.enum(recurringChargePeriodTypes).optional(),
  unitOfMeasure: z
    .strictObject({ amount: z.number().positive(), units: z.string().min(1) })
    .optional(),
  price: priceSchema.optional(),
  prodSpecCharValueUse: z.array(prodSpecCharValueUseSchema).optional(),
};

type PriceShape = Pick<
  ProductOfferingPrice,
  'priceType' | 'recurringChargePeriodType' | 'unitOfMeasure' | 'price'
>;

/** A recurring price must say its period, a usage price its unit; a one-time price has neither. */
function priceShapeIssues(price: PriceShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if ((price.priceType === 'recurring') !== (price.recurringChargePeriodType !== undefined)) {
    issues.push({
      path: 'recurringChargePeriodType',
      message: "recurringChargePeriodType is required for, and only for, priceType 'recurring'",
    });
  }
  // A usage amount means nothing without its unit; a usage price still without an amount may wait.
  const needsUnit = price.priceType === 'usage' && price.price !== undefined;
  if (price.unitOfMeasure !== undefined ? price.priceType !== 'usage' : needsUnit) {
    issues.push({
      path: 'unitOfMeasure',
      message: "unitOfMeasure is required for, and only for, priceType 'usage'",
    });
  }
  return issues;
}

/** For services that merge a patch into a stored price: the patch alone cannot see both fields. */
export function assertPriceShape(price: PriceShape): void {
  const issues = priceShapeIssues(price);
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', issues.map((issue) => issue.message).join('; '), {
      issues,
    });
  }
}

export const productOfferingPriceCreateSchema = z
  .strictObject({
    ...offeringPriceFields,
    id: offeringPriceFields.id.optional(),
    version: offeringPriceFields.version.default('1.0'),
    lifecycleStatus: offeringPriceFields.lifecycleStatus.default('In design'),
    isBundle: offeringPriceFields.isBundle.default(false),
  })
  // Every recurring charge here is monthly, so a recurring price that does not say is monthly.
  .transform((price) =>
    price.priceType === 'recurring' && price.recurringChargePeriodType === undefined
      ? { ...price, recurringChargePeriodType: 'month' as const }
      : price,
  )
  .superRefine((price, context) => {
    for (const issue of priceShapeIssues(price)) {
      context.addIssue({ code: 'custom', message: issue.message, path: [issue.path] });
    }
  });

/** A patch is checked field by field; the service calls `assertPriceShape` on the merged result. */
export const productOfferingPricePatchSchema = z
  .strictObject(offeringPriceFields)
  .omit({ id: true })
  .partial();

export type ProductOfferingPriceCreate = z.output<typeof productOfferingPriceCreateSchema>;
export type ProductOfferingPricePatch = z.output<typeof productOfferingPricePatchSchema>;

/** A price with its amount: the only kind an offering can be sold at. */
export type PricedOfferingPrice = ProductOfferingPrice & { price: Price };

export function hasAmount(price: ProductOfferingPrice): price is PricedOfferingPrice {
  return price.price !== undefined;
}

export interface TmfPrice {
  taxIncludedAmount: TmfMoney;
  dutyFreeAmount?: TmfMoney;
  taxRate?: number;
}

/** The REST representation: minor units back to TMF decimal Money. */
export function toTmfPrice(price: Price): TmfPrice {
  return {
    taxIncludedAmount: toTmfMoney(price.taxIncludedAmount),
    ...(price.dutyFreeAmount ? { dutyFreeAmount: toTmfMoney(price.dutyFreeAmount) } : {}),
    ...(price.taxRate === undefined ? {} : { taxRate: price.taxRate }),
  };
}
