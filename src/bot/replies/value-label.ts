/** "next-billing-cycle" → "Next billing cycle", 20 + GB → "20 GB". */
export function valueLabel(value: string | number, unit?: string): string {
  if (typeof value === 'number') return unit ? `${value} ${unit}` : String(value);
  const words = value.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
