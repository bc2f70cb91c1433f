import { z } from 'zod';
import { AppError } from './errors';

/**
 * An amount of money in integer minor units (cents for EUR) with its ISO 4217 currency code.
 * Integers keep sums exact; floating-point only appears at the edges (TMF `{ unit, value }`).
 *
 * Rounding: every division rounds half away from zero ("commercial" half-up, symmetric for
 * negatives), the rule customers and EU invoicing expect to see on a bill. Banker's rounding would
 * remove a tiny statistical bias over millions of lines, but makes single prices look wrong
 * (12.5 cents → 12) to the person reading them.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const currencyCodePattern = /^[A-Z]{3}$/;

export const currencyCodeSchema = z
  .string()
  .regex(currencyCodePattern, 'must be an upper-case ISO 4217 currency code such as EUR');

export const moneySchema = z.object({
  amount: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer of minor units'),
  currency: currencyCodeSchema,
});

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Money amount must be an integer of minor units, got ${amount}`,
      {
        amount,
        currency,
      },
    );
  }
  assertCurrencyCode(currency);
  // -0 would print as "-€0.00" and fail deep equality with zero.
  return { amount: amount === 0 ? 0 : amount, currency };
}

/**
 * The last code that passed the check. A deployment prices in one currency, so remembering it turns
 * the check on every amount a calculation creates into one comparison. Starts as a symbol so that no
 * value (not even a missing one from untyped callers) matches before a real code has been checked.
 */
let lastValidCurrency: string | symbol = Symbol('no currency checked yet');

export function assertCurrencyCode(currency: string): void {
  if (currency === lastValidCurrency) return;
  // A bare regex, not the zod schema: this runs for every amount a price calculation creates.
  if (!currencyCodePattern.test(currency)) {
    throw new AppError('VALIDATION_FAILED', `"${currency}" is not an ISO 4217 currency code`, {
      currency,
    });
  }
  lastValidCurrency = currency;
}

export function zeroMoney(currency: string): Money {
  return money(0, currency);
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new AppError('UNPROCESSABLE', `Cannot combine ${a.currency} with ${b.currency} amounts`, {
      currencies: [a.currency, b.currency],
    });
  }
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function sumMoney(currency: string, values: readonly Money[]): Money {
  // addMoney step by step, without a Money per step: same checks, in the same order, same errors.
  const zero = zeroMoney(currency);
  let amount = 0;
  for (const value of values) {
    if (value.currency !== currency) assertSameCurrency(zero, value);
    amount += value.amount;
    // Throws exactly what addMoney would at this step.
    if (!Number.isSafeInteger(amount)) money(amount, currency);
  }
  return amount === 0 ? zero : money(amount, currency);
}

export function multiplyMoney(value: Money, factor: number): Money {
  if (!Number.isInteger(factor)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Money can only be multiplied by a whole number, got ${factor}`,
    );
  }
  return money(value.amount * factor, value.currency);
}

export function negateMoney(value: Money): Money {
  return money(-value.amount, value.currency);
}

export function isZeroMoney(value: Money): boolean {
  return value.amount === 0;
}

/** Percentages are honoured to four decimals (0.0001 %), enough for any tariff and exact in integers. */
const percentScale = 10_000;

/** `percent` % of `value`, rounded half away from zero to a whole minor unit. */
export function percentOf(value: Money, percent: number): Money {
  const scaledPercent = Math.round(percent * percentScale);
  if (!Number.isFinite(percent) || Math.abs(percent * percentScale - scaledPercent) > 1e-6) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Percent must be finite with at most 4 decimals, got ${percent}`,
      {
        percent,
      },
    );
  }
  return money(
    divideRoundingHalfUp(value.amount, scaledPercent, 100 * percentScale),
    value.currency,
  );
}

/** (a × b) / divisor rounded half away from zero, exact even when a × b leaves the safe-integer range. */
function divideRoundingHalfUp(a: number, b: number, divisor: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) {
    const magnitude = Math.abs(product);
    const quotient = Math.floor(magnitude / divisor);
    const rounded = (magnitude % divisor) * 2 >= divisor ? quotient + 1 : quotient;
    return product < 0 ? -rounded : rounded;
  }
  const big = BigInt(a) * BigInt(b);
  const magnitude = big < 0n ? -big : big;
  const bigDivisor = BigInt(divisor);
  const quotient = magnitude / bigDivisor;
  const rounded = (magnitude % bigDivisor) * 2n >= bigDivisor ? quotient + 1n : quotient;
  return Number(big < 0n ? -rounded : rounded);
}

const minorUnitDigitsByCurrency = new Map<string, number>();

/** Decimal places of the currency's minor unit (EUR 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function minorUnitDigits(currency: string): number {
  let digits = minorUnitDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    minorUnitDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * Converts a decimal amount (TMF `{ unit: 'EUR', value: 29.99 }`) to minor units. More precision
 * than the currency has is rejected rather than rounded: silently changing a tariff is worse.
 */
export function fromMajorUnits(value: number, currency: string): Money {
  assertCurrencyCode(currency);
  const scaled = value * 10 ** minorUnitDigits(currency);
  const amount = Math.round(scaled);
  if (!Number.isFinite(value) || Math.abs(scaled - amount) > 1e-6) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${value} ${currency} has more decimals than the currency allows (${minorUnitDigits(currency)})`,
      { value, currency },
    );
  }
  return money(amount, currency);
}

export function toMajorUnits(value: Money): number {
  return value.amount / 10 ** minorUnitDigits(value.currency);
}
