import { z } from 'zod';
import { currencyCodeSchema, fromMajorUnits, toMajorUnits } from '../shared/money';
import type { Money } from '../shared/money';
import { AppError } from '../shared/errors';

/** TMF Money as it travels over the REST API: a decimal `value` in the currency `unit`. */
export interface TmfMoney {
  unit: string;
  value: number;
}

/** Parses TMF Money into integer minor units; too many decimals become a validation issue, not a rounding. */
export const tmfMoneySchema = z
  .strictObject({ unit: currencyCodeSchema, value: z.number().finite().nonnegative() })
  .transform((tmf, context): Money => {
    try {
      return fromMajorUnits(tmf.value, tmf.unit);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      context.addIssue({ code: 'custom', message: error.message, path: ['value'] });
      return z.NEVER;
    }
  });

export function toTmfMoney(value: Money): TmfMoney {
  return { unit: value.currency, value: toMajorUnits(value) };
}
