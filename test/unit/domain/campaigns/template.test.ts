import {
  assertValidTemplate,
  checkTemplate,
  renderTemplate,
} from '../../../../src/domain/campaigns/template';

describe('campaign message templates', () => {
  it('fills the personal fields', () => {
    expect(
      renderTemplate('Hi {firstName}, {offerName} awaits: {link}', {
        firstName: 'Stacy',
        offerName: 'Summer Data Double',
        link: 'https://t.example/l/AbCdEf2345',
      }),
    ).toBe('Hi Stacy, Summer Data Double awaits: https://t.example/l/AbCdEf2345');
  });

  it('refuses unknown fields and a message without the personal link', () => {
    expect(() => assertValidTemplate('Hi {firstname} {link}')).toThrow(/Unknown field/);
    expect(() => assertValidTemplate('Hi {firstName}')).toThrow(/\{link\}/);
  });

  it('checks the length with a long name and a real-length link', () => {
    const check = checkTemplate(
      `Hi {firstName}, ${'x'.repeat(100)} {link}`,
      { offerName: 'Data Boost', linkExample: 'http://127.0.0.1:3000/l/xxxxxxxxxx' },
      1,
    );
    expect(check.preview).toContain('Alexandrina');
    expect(check.segments.segments).toBe(1);
    expect(check.fits).toBe(true);
    const tooLong = checkTemplate(
      `${'y'.repeat(140)} {link}`,
      { offerName: 'Data Boost', linkExample: 'http://127.0.0.1:3000/l/xxxxxxxxxx' },
      1,
    );
    expect(tooLong.fits).toBe(false);
  });
});
