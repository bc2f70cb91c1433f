import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { QuietHours } from './campaign';

const MINUTES_PER_DAY = 24 * 60;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight in `timeZone` at `at`. */
export function localMinuteOfDay(at: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(at);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value);
  return hour * 60 + minute;
}

export function parseClockTime(value: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`not a HH:MM time: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function isAllowedMinute(minute: number, from: number, until: number): boolean {
  // A window that crosses midnight (e.g. 20:00-02:00) wraps.
  return from <= until ? minute >= from && minute < until : minute >= from || minute < until;
}

/** Whether `at` falls in the recipient's quiet hours (outside the allowed window). */
export function isQuietTime(at: Date, timeZone: string, hours: QuietHours): boolean {
  const from = parseClockTime(hours.allowedFrom);
  const until = parseClockTime(hours.allowedUntil);
  if (from === until) return false;
  return !isAllowedMinute(localMinuteOfDay(at, timeZone), from, until);
}

/**
 * The first instant at or after `at` when the recipient may be messaged: `at` itself outside quiet
 * hours, else the next local `allowedFrom`. Across a daylight-saving change the local clock jumps,
 * so the candidate is checked and corrected by the difference.
 */
export function nextAllowedTime(at: Date, timeZone: string, hours: QuietHours): Date {
  if (!isQuietTime(at, timeZone, hours)) return at;
  const from = parseClockTime(hours.allowedFrom);
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  let candidate = startOfMinute;
  for (let attempt = 0; attempt < 3; attempt++) {
    const local = localMinuteOfDay(new Date(candidate), timeZone);
    let ahead = (from - local + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    if (ahead === 0) break;
    // After the first jump only a daylight-saving shift is left to correct, in either direction.
    if (attempt > 0 && ahead > MINUTES_PER_DAY / 2) ahead -= MINUTES_PER_DAY;
    candidate += ahead * 60_000;
  }
  return new Date(Math.max(candidate, at.getTime()));
}

const fallbackTimeZone = 'UTC';

/**
 * The recipient's time zone: her own when it is a valid IANA zone, else the zone of her phone's
 * country (the first one ICU lists for it, e.g. America/New_York for +1), else UTC.
 */
export function recipientTimeZone(customer: { timezone?: string; mobile?: string }): string {
  if (customer.timezone && isValidTimeZone(customer.timezone)) return customer.timezone;
  const phone = customer.mobile ? parsePhoneNumberFromString(customer.mobile) : undefined;
  // Test and unassigned ranges have no single country; the calling code's main one is close enough.
  const country = phone?.country ?? phone?.getPossibleCountries()[0];
  if (country) {
    const zones = countryTimeZones(country);
    if (zones[0] && isValidTimeZone(zones[0])) return zones[0];
  }
  return fallbackTimeZone;
}

function countryTimeZones(country: string): string[] {
  try {
    // Intl.Locale#timeZones (V8, ICU) is not in TypeScript's lib yet.
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { timeZones?: string[] };
    return locale.timeZones ?? [];
  } catch {
    return [];
  }
}
