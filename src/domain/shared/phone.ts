import { parsePhoneNumberWithError } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../shared/errors';

/** The country assumed for numbers written without a country code (`07700 900123`). */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'GB';

/**
 * A phone number in E.164 (`+447700900123`) however it was typed: national format, spaces,
 * dashes, brackets, `00` international prefix. Only libphonenumber-js decides what a number is.
 *
 * "Possible" (right length for the country) rather than "valid" (allocated range): operators test
 * with reserved ranges such as Ofcom's 07700 900xxx, which are possible but never allocated.
 */
export function normalisePhone(
  value: string,
  defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY,
): string {
  const e164 = tryNormalisePhone(value, defaultCountry);
  if (!e164) {
    throw new AppError('VALIDATION_FAILED', `"${value}" is not a phone number`, { phone: value });
  }
  return e164;
}

export function tryNormalisePhone(
  value: string,
  defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY,
): string | undefined {
  try {
    const parsed = parsePhoneNumberWithError(value.trim(), defaultCountry);
    return parsed.isPossible() ? parsed.number : undefined;
  } catch {
    return undefined;
  }
}
