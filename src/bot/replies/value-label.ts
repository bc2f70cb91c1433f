import { calendarDayInWords } from './dates';

/** "next-billing-cycle" → "Next billing cycle", 20 + GB → "20 GB". */
export function valueLabel(value: string | number, unit?: string): string {
  if (typeof value === 'number') return unit ? `${value} ${unit}` : String(value);
  // A start date chosen as a day: "From Friday 11 December", never "2026-12-11".
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `From ${calendarDayInWords(value)}`;
  const words = value.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
