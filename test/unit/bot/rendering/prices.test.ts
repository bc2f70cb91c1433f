import { speakMoney, speakOfferPrice } from '../../../../src/bot/rendering/spoken-price';
import { formatMoney, formatOfferPrice } from '../../../../src/bot/rendering/written-price';
import { gbp } from './fixtures';
import { moneyText } from '../../../../src/web/pages/money-text';
import { priceView } from '../../../../src/web/pages/price-view';
import type { ChannelPrice } from '../../../../src/domain/catalog/channel-price';

function channelPrice(recurring: { amount: number; currency: string }): ChannelPrice {
  return {
    currency: recurring.currency,
    oneTime: { amount: 0, currency: recurring.currency },
    recurring,
    basePrices: [],
    charges: [],
    alterations: [],
    promotions: [],
  } as unknown as ChannelPrice;
}

describe('written prices (SMS and web)', () => {
  it('are worded by the same formatter as the portal pages', () => {
    expect(formatOfferPrice({ recurring: gbp(400) })).toBe(
      priceView({ ...channelPrice(gbp(400)) }).headline,
    );
    expect(moneyText(gbp(400))).toBe('£4.00');
  });

  it.each([
    [gbp(1000), '£10.00'],
    [gbp(999), '£9.99'],
    [gbp(50), '£0.50'],
    [{ amount: 1250, currency: 'EUR' }, '€12.50'],
    [{ amount: 2000, currency: 'USD' }, '$20.00'],
    // Only a code for other currencies: "zł" would make the SMS UCS-2; no no-break space either.
    [{ amount: 2500, currency: 'PLN' }, 'PLN 25.00'],
  ])('%o is written %s', (value, written) => {
    expect(formatMoney(value)).toBe(written);
  });

  it('marks monthly prices "a month" and one-off ones as such, as the portal does', () => {
    expect(formatOfferPrice({ recurring: gbp(1000) })).toBe('£10.00 a month');
    expect(formatOfferPrice({ oneTime: gbp(500) })).toBe('£5.00 one-off');
    expect(formatOfferPrice({ oneTime: gbp(500), recurring: gbp(999) })).toBe(
      '£9.99 a month plus £5.00 one-off',
    );
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
