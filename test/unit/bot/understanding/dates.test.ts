import { calendarDayInWords, dayInWords } from '../../../../src/bot/replies/dates';
import { valueLabel } from '../../../../src/bot/replies/value-label';
import { readDate } from '../../../../src/bot/understanding';
import { readOpenAnswer } from '../../../../src/bot/understanding/open-answer';

// A Friday.
const now = new Date('2026-12-04T10:00:00Z');
const starts = [
  { id: 'char:immediately', label: 'Immediately' },
  { id: 'char:next-billing-cycle', label: 'Next billing cycle' },
];

describe('start dates as people say them', () => {
  it.each([
    ['next Friday', '2026-12-11'],
    ['from friday', '2026-12-11'],
    ['fri pls', '2026-12-11'],
    ['on weds', '2026-12-09'],
    ['thurs', '2026-12-10'],
    ['monday', '2026-12-07'],
    ['tomorrow', '2026-12-05'],
    ['2moro', '2026-12-05'],
    ['the day after tomorrow', '2026-12-06'],
    ['asap', '2026-12-04'],
    ['today', '2026-12-04'],
    ['in two weeks', '2026-12-18'],
    ['in 2 weeks', '2026-12-18'],
    ['in a fortnight', '2026-12-18'],
    ['in three days', '2026-12-07'],
    ['next week', '2026-12-07'],
    ['next month', '2027-01-01'],
    ['from the 1st', '2027-01-01'],
    ['the 15th', '2026-12-15'],
    ['1st of January', '2027-01-01'],
    ['um from the twentieth of december', undefined],
  ])('reads %j as %s', (text, iso) => {
    expect(readDate(text, now)?.isoDate).toBe(iso);
  });

  it('does not read a pick from a list as a date', () => {
    expect(readDate('the first one', now)).toBeUndefined();
  });

  it('maps a day onto the start choices only where one starts then', () => {
    expect(readOpenAnswer('from the 1st of January', starts, now)?.id).toBe(
      'char:next-billing-cycle',
    );
    expect(readOpenAnswer('asap', starts, now)?.id).toBe('char:immediately');
    // Neither choice starts next Friday: the dialog explains, it does not pick one.
    expect(readOpenAnswer('next friday', starts, now)).toBeUndefined();
    expect(readOpenAnswer('in two weeks', starts, now)).toBeUndefined();
  });

  it('says a day as people say it, in en-GB', () => {
    expect(dayInWords(new Date('2026-12-11T12:00:00Z'), now)).toBe('Friday 11 December');
    expect(dayInWords(new Date('2027-01-01T12:00:00Z'), now)).toBe('Friday 1 January 2027');
    expect(calendarDayInWords('2026-12-11', now)).toBe('Friday 11 December');
    expect(valueLabel('2026-12-11')).toMatch(/^From \w+day \d{1,2} \w+/);
    expect(valueLabel('next-billing-cycle')).toBe('Next billing cycle');
  });
});
