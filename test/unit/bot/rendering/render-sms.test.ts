import { renderSms } from '../../../../src/bot/rendering/render-sms';
import type { Reply } from '../../../../src/bot/rendering/reply';
import { countSegments } from '../../../../src/connectors/twilio/stand-in/segments';
import {
  browseOffersReply,
  checkoutReply,
  gbp,
  manyOffers,
  summerDataDoubleCard,
} from './fixtures';

describe('renderSms', () => {
  it('numbers the offers and maps a reply of "2" to the second offer', () => {
    const sms = renderSms(browseOffersReply);

    expect(sms.body).toBe(
      [
        'Hi Stacy, here are the add-ons for your plan.',
        'Which one would you like?',
        '1) Data Boost 20 GB - £10.00 a month',
        '2) Summer Data Double - £3.00 a month (double data all summer)',
        '3) Roam Like Home Week Pass - £5.00 one-off',
        'Reply 1-3',
      ].join('\n'),
    );
    expect(sms.choiceMap['2']).toBe('off-summer-data-double');
    expect(sms.choiceMap).toEqual({
      '1': 'off-data-boost-20',
      '2': 'off-summer-data-double',
      '3': 'off-roam-week',
    });
    expect(sms).toMatchObject({ encoding: 'GSM-7', segments: 2, withinBudget: true });
  });

  it("shows Stacy's cart with totals and asks Y or N before checkout (YES is a carrier opt-in keyword)", () => {
    const sms = renderSms(checkoutReply);

    expect(sms.body).toBe(
      [
        'Your cart:',
        'Summer Data Double: £3.00 a month',
        '2x Roam Like Home Week Pass: £10.00 one-off',
        'Total: £3.00 a month plus £10.00 one-off',
        'Shall I place the order?',
        'Reply Y to confirm or N to leave it',
      ].join('\n'),
    );
    expect(sms.choiceMap).toEqual({ Y: 'yes', YES: 'yes', N: 'no', NO: 'no' });
  });

  it('shows a self-care discount with the price it replaces and the badge', () => {
    const sms = renderSms({ blocks: [summerDataDoubleCard] });

    expect(sms.body.split('\n')[0]).toBe(
      'Summer Data Double: £3.00 a month (was £3.75 a month) - Self-care only -20%',
    );
  });

  it('counts segments exactly as the Twilio stand-in bills them', () => {
    for (const reply of [browseOffersReply, checkoutReply, { blocks: [summerDataDoubleCard] }]) {
      const sms = renderSms(reply);
      expect(sms.segments).toBe(countSegments(sms.body));
    }
  });

  describe('segment budget', () => {
    const sevenBundles: Reply = {
      blocks: [{ kind: 'choices', prompt: 'Pick a weekend bundle:', options: manyOffers(7) }],
    };

    it('drops descriptions before dropping any offer', () => {
      const full = renderSms(sevenBundles, { maxSegments: 10 });
      const tight = renderSms(sevenBundles);

      expect(full.body).toContain('Unlimited calls and texts at weekends');
      expect(tight.body).not.toContain('Unlimited calls');
      expect(tight.body).toContain('7) Weekend Bundle 7 - £10.99 a month');
      expect(tight.body).not.toContain('MORE');
      expect(tight.segments).toBeLessThanOrEqual(3);
    });

    it('keeps the whole reply within one segment by listing fewer offers behind "reply MORE"', () => {
      const sms = renderSms(sevenBundles, { maxSegments: 1 });

      expect(sms.body.length).toBeLessThanOrEqual(160);
      expect(sms).toMatchObject({ segments: 1, encoding: 'GSM-7', withinBudget: true });
      expect(sms.body).toMatch(/\n\.\.\.and \d more: reply MORE\n/);
      const shown = Object.keys(sms.choiceMap).length;
      expect(sms.body).toContain(`...and ${7 - shown} more: reply MORE`);
      expect(sms.body.endsWith(`Reply 1-${shown}`)).toBe(true);
      expect(sms.hiddenChoiceIds).toEqual(
        manyOffers(7)
          .slice(shown)
          .map((option) => option.id),
      );
    });

    it('never cuts a price or a choice number in half', () => {
      const sms = renderSms(sevenBundles, { maxSegments: 1 });
      const optionLines = sms.body.split('\n').filter((line) => /^\d+\)/.test(line));

      optionLines.forEach((line, index) => {
        expect(line).toMatch(
          new RegExp(`^${index + 1}\\) Weekend Bundle \\d - £\\d+\\.99 a month$`),
        );
      });
    });

    it('budgets 201 characters once a name needs UCS-2 (a "ł" or an emoji)', () => {
      const polishAndEmoji: Reply = {
        blocks: [
          {
            kind: 'choices',
            prompt: 'Pick a bundle:',
            options: [
              { id: 'off-lodz', label: 'Łódź City Pass', price: { recurring: gbp(700) } },
              { id: 'off-sun', label: 'Sunny Weekend ☀️', price: { recurring: gbp(300) } },
              ...manyOffers(6),
            ],
          },
        ],
      };
      const sms = renderSms(polishAndEmoji);

      expect(sms.encoding).toBe('UCS-2');
      expect(sms.body.length).toBeLessThanOrEqual(201);
      expect(sms.segments).toBe(3);
      expect(sms.segments).toBe(countSegments(sms.body));
      expect(sms.body).toContain('1) Łódź City Pass - £7.00 a month');
      expect(sms.body).toContain('more: reply MORE');
    });

    it('stays GSM-7 by writing "..." and "-" rather than "…" and "–"', () => {
      const sms = renderSms(sevenBundles, { maxSegments: 1 });

      expect(sms.body).not.toMatch(/[…–]/);
      expect(sms.encoding).toBe('GSM-7');
    });

    it('shortens a long text block only when dropping options has not made room', () => {
      const chatty: Reply = {
        blocks: [
          { kind: 'text', text: 'Thanks for your patience today. '.repeat(10).trim() },
          { kind: 'choices', prompt: 'Which one?', options: manyOffers(2) },
        ],
      };
      const sms = renderSms(chatty, { maxSegments: 1 });

      expect(sms.withinBudget).toBe(true);
      expect(sms.segments).toBe(1);
      expect(sms.body).toMatch(/^Thanks for your patience today\. .*\.\.\.\n/);
      expect(sms.body).toContain('1) Weekend Bundle 1 - £4.99 a month\n...and 1 more: reply MORE');
    });
  });
});
