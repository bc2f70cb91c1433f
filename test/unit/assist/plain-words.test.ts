import { RAW_WORDS, plainWords } from '../../../src/assist/plain-words';

describe('what agents read is in plain words', () => {
  it.each([
    [
      'Stacy Moreno on webchat asked for a person. Cart: Europe Roaming Week Pass x1. Bot so far: showed Data Boost; quoted qt_0abcdefgh12345678.',
      'Stacy Moreno on web chat asked for a person. Cart: Europe Roaming Week Pass. Bot so far: showed Data Boost; sent a quote.',
    ],
    [
      'An unidentified visitor on sms was not understood',
      'An unidentified visitor by SMS was not understood',
    ],
    ['Handed to a person: customer-asked', 'Handed to a person: she asked for a person'],
    [
      'Call transferred to an agent: voice-transfer',
      'Call transferred to an agent: transferred from a call',
    ],
    ['Wrap-up (quote-sent): will call back Friday', 'Wrap-up (Quote sent): will call back Friday'],
    [
      'Opened by Alex Turner (sms): agent-opened',
      'Opened by Alex Turner (SMS): opened by an agent',
    ],
    [
      'Order ord_0abcdefgh12345678 placed: 2 item(s), 8.00 GBP/month, 20.00 GBP once',
      'Order placed: 2 items, £8.00 a month, £20.00 one-off',
    ],
    [
      'Quote for 1 item(s): 5.00 GBP/month, 0.00 GBP once',
      'Quote for 1 item: £5.00 a month, £0.00 one-off',
    ],
    ['Attributed to campaign cmp_0abcdefgh12345678', 'Came from a campaign'],
    ['She pressed offer:po-summer-data-double', 'She pressed Summer Data Double'],
    ['handover.requested by the bot', 'by the bot'],
  ])('%s', (raw, plain) => {
    expect(plainWords(raw)).toBe(plain);
    expect(plainWords(raw)).not.toMatch(RAW_WORDS);
  });

  it('names an offering by its catalog name when it knows it', () => {
    expect(
      plainWords('offer:po-roam-eu', new Map([['po-roam-eu', 'Europe Roaming Week Pass']])),
    ).toBe('Europe Roaming Week Pass');
  });

  it('leaves her own words alone', () => {
    expect(plainWords('Does the roaming pass cover Spain?')).toBe(
      'Does the roaming pass cover Spain?',
    );
  });
});
