import { acceptsGzip } from '../../../../src/connectors/web/compression';
import { customerCaveat, customerReasons } from '../../../../src/connectors/web/customer-wording';
import { safeLocalPath } from '../../../../src/connectors/web/local-path';
import { humanise } from '../../../../src/connectors/web/offer-presentation';
import {
  clearedSessionCookie,
  readCookie,
  sessionCookie,
} from '../../../../src/connectors/web/session-cookie';
import { characteristicText } from '../../../../src/connectors/web/subscription-text';
import { money } from '../../../../src/domain/shared/money';
import { priceView } from '../../../../src/web/pages/price-view';

describe('portal helpers', () => {
  it('keeps the sign-in redirect on this site', () => {
    expect(safeLocalPath('/self-care?add=po-data-boost')).toBe('/self-care?add=po-data-boost');
    for (const hostile of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/self-care\n',
      'javascript:alert(1)',
      42,
      undefined,
    ]) {
      expect(safeLocalPath(hostile)).toBe('/self-care');
    }
  });

  it('reads Accept-Encoding as HTTP means it', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('writes and reads the session cookie', () => {
    expect(sessionCookie('a.b.c', { maxAgeSeconds: 3600, secure: true })).toBe(
      'sa_session=a.b.c; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure',
    );
    expect(clearedSessionCookie(false)).toBe(
      'sa_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    );
    expect(readCookie('theme=dark; sa_session=a.b.c', 'sa_session')).toBe('a.b.c');
    expect(readCookie('sa_session="<script>"', 'sa_session')).toBeUndefined();
    expect(readCookie('xsa_session=a.b.c', 'sa_session')).toBeUndefined();
    expect(readCookie(undefined, 'sa_session')).toBeUndefined();
  });

  it('words prices for people', () => {
    const gbp = (pence: number) => money(pence, 'GBP');
    const view = priceView({
      currency: 'GBP',
      basePrices: [],
      charges: [],
      alterations: [
        {
          source: 'channel',
          sourceId: 'po-summer-data-double',
          name: 'Self-care exclusive 20% off',
          label: 'self-care 20% off',
          priceId: 'pop-summer-data-double-monthly',
          chargeType: 'recurring',
          amount: gbp(-100),
        },
      ],
      promotions: [],
      oneTime: gbp(1000),
      recurring: gbp(400),
    });
    expect(view).toEqual({
      headline: '£4.00 a month',
      extras: ['plus £10.00 one-off'],
      savings: ['Self-care exclusive 20% off: you save £1.00'],
      labels: ['self-care 20% off'],
    });
  });

  it('says why not to the customer, not to an agent', () => {
    const context = {
      signedIn: true,
      eligibilityDescription: 'for business customers',
      nameOf: (id: string) =>
        ({ 'po-a': 'Essential 5 GB', 'po-b': 'Unlimited Data Max' })[id] ?? id,
    };
    expect(customerCaveat({ code: 'ineligible', message: 'x' }, context)).toBe(
      'Only available for business customers.',
    );
    expect(
      customerCaveat(
        { code: 'requires-missing', message: 'x', related: ['po-a', 'po-b'] },
        context,
      ),
    ).toBe('Needs Essential 5 GB or Unlimited Data Max first.');
    expect(
      customerCaveat(
        { code: 'not-sellable-on-channel', message: 'x', related: ['selfcare', 'agent'] },
        context,
      ),
    ).toBe('You can order it in self-care or with one of our advisers.');
    expect(
      customerReasons(['Can be ordered on webchat', 'Eligible: for consumer customers']),
    ).toEqual(['Available for consumer customers.']);
  });

  it('names characteristics and subscription details readably', () => {
    expect(humanise('dataSize')).toBe('Data size');
    expect(humanise('next-billing-cycle')).toBe('Next billing cycle');
    expect(characteristicText('dataAllowanceGB', 30)).toBe('Data allowance: 30 GB');
    expect(characteristicText('msisdn', '+447700900456')).toBe('Msisdn: +447700900456');
  });
});
