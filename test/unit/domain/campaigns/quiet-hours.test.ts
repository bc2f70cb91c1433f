import { defaultQuietHours } from '../../../../src/domain/campaigns/campaign';
import {
  isQuietTime,
  nextAllowedTime,
  recipientTimeZone,
} from '../../../../src/domain/campaigns/quiet-hours';

describe('quiet hours in the recipient’s time zone', () => {
  it('allows 08:00 to 21:00 local time by default', () => {
    // 20:59 and 21:00 in London (BST).
    expect(isQuietTime(new Date('2025-06-10T19:59:00Z'), 'Europe/London', defaultQuietHours)).toBe(
      false,
    );
    expect(isQuietTime(new Date('2025-06-10T20:00:00Z'), 'Europe/London', defaultQuietHours)).toBe(
      true,
    );
    // The same instant is mid-afternoon in New York.
    expect(
      isQuietTime(new Date('2025-06-10T20:00:00Z'), 'America/New_York', defaultQuietHours),
    ).toBe(false);
  });

  it('defers to the next local 08:00', () => {
    expect(
      nextAllowedTime(new Date('2025-06-10T21:30:00Z'), 'Europe/London', defaultQuietHours),
    ).toEqual(new Date('2025-06-11T07:00:00Z'));
    expect(
      nextAllowedTime(new Date('2025-06-11T05:10:00Z'), 'Europe/London', defaultQuietHours),
    ).toEqual(new Date('2025-06-11T07:00:00Z'));
    // Winter time: 08:00 GMT.
    expect(
      nextAllowedTime(new Date('2025-01-15T23:00:00Z'), 'Europe/London', defaultQuietHours),
    ).toEqual(new Date('2025-01-16T08:00:00Z'));
  });

  it('lands on 08:00 local across a daylight-saving change', () => {
    // Saturday 29 March 2025, 22:00 GMT; clocks go forward at 01:00 on Sunday.
    expect(
      nextAllowedTime(new Date('2025-03-29T22:00:00Z'), 'Europe/London', defaultQuietHours),
    ).toEqual(new Date('2025-03-30T07:00:00Z'));
  });

  it('returns the instant itself outside quiet hours', () => {
    const noon = new Date('2025-06-10T11:00:00Z');
    expect(nextAllowedTime(noon, 'Europe/London', defaultQuietHours)).toBe(noon);
  });

  it('supports windows that cross midnight', () => {
    const night = { allowedFrom: '20:00', allowedUntil: '02:00' };
    expect(isQuietTime(new Date('2025-01-15T23:30:00Z'), 'UTC', night)).toBe(false);
    expect(isQuietTime(new Date('2025-01-15T12:00:00Z'), 'UTC', night)).toBe(true);
  });

  it('takes the customer’s zone, else her phone country’s, else UTC', () => {
    expect(recipientTimeZone({ timezone: 'Europe/Dublin', mobile: '+447700900123' })).toBe(
      'Europe/Dublin',
    );
    expect(recipientTimeZone({ timezone: 'Mars/Olympus', mobile: '+447700900123' })).toBe(
      'Europe/London',
    );
    expect(recipientTimeZone({ mobile: '+353851234567' })).toBe('Europe/Dublin');
    expect(recipientTimeZone({})).toBe('UTC');
  });
});
