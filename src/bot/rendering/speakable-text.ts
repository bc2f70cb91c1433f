import { speakMoney } from './spoken-price';

const symbolCurrencies: Record<string, string> = { '£': 'GBP', '€': 'EUR', $: 'USD' };

/** "£9.99/mo" written inside free text, as a dialog or the catalog may have put it. */
const writtenPrice = /([£€$])(\d+(?:\.\d{1,2})?)(\s*\/\s*(?:mo|month)\b)?/gu;

function speakWrittenPrice(_match: string, symbol: string, amount: string, monthly?: string) {
  const currency = symbolCurrencies[symbol] ?? 'GBP';
  const [major = '0', minor = ''] = amount.split('.');
  const minorUnits = Number(major) * 100 + Number(minor.padEnd(2, '0') || '0');
  const spoken = speakMoney({ amount: minorUnits, currency });
  return monthly ? `${spoken} a month` : spoken;
}

/**
 * Makes text safe for a TTS voice: no URLs (callers cannot click them and the voice spells them out),
 * no markdown or emoji, and the symbols voices misread ("£9.99", "-20%", "&", "/") put into words.
 */
export function speakable(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/\b(?:https?:\/\/|www\.)\S+/giu, '')
    .replace(writtenPrice, speakWrittenPrice)
    .replace(/-(\d+(?:\.\d+)?)\s*%/gu, '$1 percent off')
    .replace(/%/gu, ' percent')
    .replace(/&/gu, ' and ')
    .replace(/\+/gu, ' plus ')
    .replace(/\//gu, ' ')
    .replace(/\p{Extended_Pictographic}|[*_#`~<>|\\{}[\]]/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/\s+([.,!?;:])/gu, '$1')
    .trim();
}

const numberWords = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];

export function spokenNumber(value: number): string {
  return numberWords[value] ?? String(value);
}

/** "A", "A or B", "A, B, or C": how a person lists things aloud. */
export function spokenList(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} ${conjunction} ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, ${conjunction} ${items[items.length - 1]}`;
}

/** Ends a spoken sentence with a full stop unless it already has closing punctuation. */
export function sentence(text: string): string {
  // A prompt written for a screen often ends in ":", which a voice would leave hanging.
  const trimmed = text.replace(/[\s:;,]+$/u, '');
  return /[.!?]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}
