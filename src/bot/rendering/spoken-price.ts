import type { Money } from '../../domain/shared/money';
import { minorUnitDigits } from '../../domain/shared/money';
import type { OfferPrice } from './reply';

interface CurrencyWords {
  readonly major: readonly [singular: string, plural: string];
  readonly minor: readonly [singular: string, plural: string];
}

const currencyWords: Record<string, CurrencyWords> = {
  GBP: { major: ['pound', 'pounds'], minor: ['penny', 'pence'] },
  EUR: { major: ['euro', 'euros'], minor: ['cent', 'cents'] },
  USD: { major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
};

function counted(count: number, [singular, plural]: readonly [string, string]): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * How a person says an amount: "10 pounds", "9 pounds 99", "99 pence". Digits stay digits because
 * every TTS voice reads "10" well, while "£9.99" comes out as "pound nine point nine nine".
 */
export function speakMoney(value: Money): string {
  const digits = minorUnitDigits(value.currency);
  const scale = 10 ** digits;
  const absolute = Math.abs(value.amount);
  const major = Math.floor(absolute / scale);
  const minor = absolute % scale;
  const sign = value.amount < 0 ? 'minus ' : '';
  const words = currencyWords[value.currency];
  if (!words) {
    // Spelling out the code letter by letter is what a caller would hear from a person too.
    const amount =
      minor === 0 ? `${major}` : `${major} point ${String(minor).padStart(digits, '0')}`;
    return `${sign}${amount} ${value.currency.split('').join(' ')}`;
  }
  if (major === 0 && minor > 0) return `${sign}${counted(minor, words.minor)}`;
  if (minor === 0) return `${sign}${counted(major, words.major)}`;
  // "9 pounds 5", as people say it; "05" would be read "oh five".
  return `${sign}${counted(major, words.major)} ${minor}`;
}

export function speakMonthly(value: Money): string {
  return `${speakMoney(value)} a month`;
}

/** "10 pounds a month", "5 pounds once", "5 pounds now and then 10 pounds a month". */
export function speakOfferPrice(price: OfferPrice): string {
  const { oneTime, recurring } = price;
  if (oneTime && recurring) {
    return `${speakMoney(oneTime)} now and then ${speakMonthly(recurring)}`;
  }
  if (recurring) return speakMonthly(recurring);
  if (oneTime) return `${speakMoney(oneTime)} once`;
  return '';
}
