import { quoteText } from '../../../src/assist/quote-text';
import type { Quote } from '../../../src/domain/commerce/quote-model';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });

function quote(totals: Quote['totals']): Quote {
  return {
    items: [{ offeringName: 'Summer Data Double' }, { offeringName: 'Europe Roaming Week Pass' }],
    totals,
    validFor: {
      startDateTime: new Date('2026-12-03T10:00:00Z'),
      endDateTime: new Date('2026-12-17T10:00:00Z'),
    },
  } as unknown as Quote;
}

describe('the quote SMS', () => {
  it('names what she gets, monthly and one-off apart, and the date the prices hold until', () => {
    expect(quoteText('Stacy', quote({ recurring: gbp(500), oneTime: gbp(750) }))).toBe(
      'Hi Stacy, your quote: Summer Data Double, Europe Roaming Week Pass, £5.00 a month plus £7.50 one-off. These prices hold until 17 December. Reply here to go ahead.',
    );
  });

  it('shows a one-off total as one-off only', () => {
    expect(quoteText('Stacy', quote({ recurring: gbp(0), oneTime: gbp(750) }))).toContain(
      ', £7.50 one-off.',
    );
  });
});
