import type { TextSpan } from './text';

/**
 * A deliberately small date reader, not a date library: the start-date prompts only need today,
 * tomorrow, the day after tomorrow, weekdays ("next monday"), "in N days", day + month in either
 * order ("1 August", "aug 1st", "the 1st of august") and ISO dates. Anything else is left to the
 * dialog, which asks again.
 */
export interface RecognizedDate {
  isoDate: string;
  text: string;
  span: TextSpan;
}

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH_WORD = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

function utcDay(now: Date, addDays = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + addDays));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The next occurrence of day/month on or after today, so "1 August" in September means next year. */
function nextDayOfMonth(now: Date, monthIndex: number, day: number): Date | undefined {
  const today = utcDay(now);
  for (const year of [today.getUTCFullYear(), today.getUTCFullYear() + 1]) {
    const candidate = new Date(Date.UTC(year, monthIndex, day));
    if (candidate.getUTCMonth() !== monthIndex) return undefined;
    if (candidate >= today) return candidate;
  }
  return undefined;
}

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3) as (typeof MONTHS)[number]);
}

interface DateRule {
  pattern: RegExp;
  resolve(found: RegExpExecArray, now: Date): Date | undefined;
}

const RULES: readonly DateRule[] = [
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/,
    resolve: (found) => {
      const date = new Date(`${found[1]}-${found[2]}-${found[3]}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? undefined : date;
    },
  },
  { pattern: /\b(?:the )?day after (?:tomorrow|tmrw|tmr)\b/, resolve: (_, now) => utcDay(now, 2) },
  {
    pattern: /\b(?:tomorrow|tomorow|tmrw|tmr|2moro|2morrow)\b/,
    resolve: (_, now) => utcDay(now, 1),
  },
  { pattern: /\b(?:today|immediately|asap)\b/, resolve: (_, now) => utcDay(now) },
  {
    pattern: /\bin (\d{1,3}) days?\b/,
    resolve: (found, now) => utcDay(now, Number(found[1])),
  },
  {
    pattern: new RegExp(`\\b(?:the )?${DAY}(?: of)? ${MONTH_WORD}\\b`),
    resolve: (found, now) => nextDayOfMonth(now, monthIndex(found[2] ?? ''), Number(found[1])),
  },
  {
    pattern: new RegExp(`\\b${MONTH_WORD} (?:the )?${DAY}\\b`),
    resolve: (found, now) => nextDayOfMonth(now, monthIndex(found[1] ?? ''), Number(found[2])),
  },
  {
    pattern: new RegExp(`\\b(?:next |this |on )?(${WEEKDAYS.join('|')})\\b`),
    resolve: (found, now) => {
      const target = WEEKDAYS.indexOf(found[1] ?? '');
      const ahead = (target - now.getUTCDay() + 7) % 7 || 7;
      return utcDay(now, ahead);
    },
  },
];

/** The first date the text names, with "from"/"starting" swallowed into the span so it can be masked. */
export function recognizeDate(text: string, now: Date): RecognizedDate | undefined {
  for (const rule of RULES) {
    const found = rule.pattern.exec(text);
    if (!found) continue;
    const date = rule.resolve(found, now);
    if (!date) continue;
    const lead = /(?:from|starting|start|on|begin(?:ning)?)\s+$/.exec(text.slice(0, found.index));
    const start = lead ? lead.index : found.index;
    const end = found.index + found[0].length;
    return { isoDate: iso(date), text: text.slice(start, end), span: { start, end } };
  }
  return undefined;
}
