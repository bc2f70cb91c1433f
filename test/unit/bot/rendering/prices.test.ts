import { speakMoney, speakOfferPrice } from '../../../../src/bot/rendering/spoken-price';
import { formatMoney, formatOfferPrice } from '../../../../src/bot/rendering/written-price';
import { gbp } from './fixtures';

describe('written prices (SMS and web)', () => {
  it.each([
    [gbp(1000), '£10'],
    [gbp(999), '£9.99'],
    [gbp(50), '£0.50'],
    [{ amount: 1250, currency: 'EUR' }, '€12.50'],
    [{ amount: 2000, currency: 'USD' }, '$20'],
    // Only a code for other currencies: "zł" would make the SMS UCS-2; no no-break space either.
    [{ amount: 2500, currency: 'PLN' }, 'PLN 25'],
  ])('%o is written %s', (value, written) => {
    expect(formatMoney(value)).toBe(written);
  });

  it('marks monthly prices "/mo" and one-off ones as such', () => {
    expect(formatOfferPrice({ recurring: gbp(1000) })).toBe('£10/mo');
    expect(formatOfferPrice({ oneTime: gbp(500) })).toBe('£5 one-off');
    expect(formatOfferPrice({ oneTime: gbp(500), recurring: gbp(999) })).toBe('£5 now + £9.99/mo');
  });
});

describe('spoken prices (voice)', () => {
  it.each([
    [gbp(1000), '10 pounds'],
    [gbp(999), '9 pounds 99'],
    [gbp(905), '9 pounds 5'],
    [gbp(100), '1 pound'],
    [gbp(99), '99 pence'],
    [gbp(1), '1 penny'],
    [{ amount: 1250, currency: 'EUR' }, '12 euros 50'],
    [{ amount: 2500, currency: 'PLN' }, '25 P L N'],
  ])('%o is said "%s"', (value, spoken) => {
    expect(speakMoney(value)).toBe(spoken);
  });

  it('says monthly prices "a month"', () => {
    expect(speakOfferPrice({ recurring: gbp(1000) })).toBe('10 pounds a month');
    expect(speakOfferPrice({ oneTime: gbp(500), recurring: gbp(999) })).toBe(
      '5 pounds now and then 9 pounds 99 a month',
    );
  });
});
