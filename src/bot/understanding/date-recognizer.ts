import { CARDINAL_WORD_PATTERN, parseNumberWord } from './numbers';
import { normalizeText } from './text';
import type { TextSpan } from './text';

/**
 * A deliberately small date reader, not a date library: the start-date prompts only need today
 * ("now", "asap"), tomorrow, the day after tomorrow, weekdays ("next friday", "on weds"), "in N
 * days/weeks" (digits or words: "in two weeks", "in a fortnight"), "next week", "next month",
 * a day of the month ("from the 1st", "the 15th"), day + month in either order ("1 August",
 * "aug 1st", "the 1st of august") and ISO dates. Anything else is left to the dialog, which asks
 * again.
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
/** How weekdays are typed and transcribed: "fri", "weds", "thurs". */
const WEEKDAY_WORD = '(sun|mon|tue|wed|thu|fri|sat)(?:day|nesday|s|sday|rsday|rs|r|urday)?';
const COUNT = `(\\d{1,3}|${CARDINAL_WORD_PATTERN}|a|an|a couple of)`;
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

/** The next time the day of the month comes round, today included ("from the 1st"). */
function nextDayNumbered(now: Date, day: number): Date | undefined {
  if (day < 1 || day > 31) return undefined;
  const today = utcDay(now);
  for (let ahead = 0; ahead < 3; ahead += 1) {
    const candidate = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + ahead, day));
    if (candidate.getUTCDate() !== day) continue;
    if (candidate >= today) return candidate;
  }
  return undefined;
}

function countOf(word: string): number | undefined {
  if (word === 'a couple of') return 2;
  return parseNumberWord(word);
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
  {
    pattern: /\b(?:today|immediately|asap|a\.s\.a\.p|straight away|right away)\b/,
    resolve: (_, now) => utcDay(now),
  },
  {
    pattern: new RegExp(`\\bin ${COUNT} (day|week|fortnight|month)s?(?: time)?\\b`),
    resolve: (found, now) => {
      const count = countOf(found[1] ?? '');
      if (count === undefined) return undefined;
      if (found[2] === 'month') {
        const today = utcDay(now);
        return new Date(
          Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + count, today.getUTCDate()),
        );
      }
      const days = found[2] === 'week' ? 7 : found[2] === 'fortnight' ? 14 : 1;
      return utcDay(now, count * days);
    },
  },
  { pattern: /\b(?:in a fortnight|a fortnight today)\b/, resolve: (_, now) => utcDay(now, 14) },
  { pattern: /\b(?:a week today|this time next week)\b/, resolve: (_, now) => utcDay(now, 7) },
  {
    pattern: /\b(?:next week|the week after)\b/,
    resolve: (_, now) => utcDay(now, ((1 - now.getUTCDay() + 7) % 7 || 7) + 0),
  },
  {
    pattern: /\b(?:next month|start of next month|beginning of next month)\b/,
    resolve: (_, now) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
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
    // "from the 1st", "the 15th", "on the 3rd": a day of this month or the next.
    pattern:
      /\b(?:the|from|on) (\d{1,2})(?:st|nd|rd|th)\b|\bthe (first|second|third|fifth|tenth)\b(?! one| option| choice)/,
    resolve: (found, now) => nextDayNumbered(now, parseNumberWord(found[1] ?? found[2] ?? '') ?? 0),
  },
  {
    pattern: /\b(?:this )?weekend\b/,
    resolve: (_, now) => utcDay(now, (6 - now.getUTCDay() + 7) % 7 || 7),
  },
  {
    pattern: new RegExp(`\\b(?:next |this |on |from |coming )?${WEEKDAY_WORD}\\b`),
    resolve: (found, now) => {
      const target = WEEKDAYS.findIndex((day) => day.startsWith(found[1] ?? '-'));
      if (target < 0) return undefined;
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

/** A date in a message as she wrote it ("next Friday", "from the 1st", "in two weeks"). */
export function readDate(rawText: string, now: Date): RecognizedDate | undefined {
  return recognizeDate(normalizeText(rawText), now);
}
