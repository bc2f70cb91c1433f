import { parseSmsKeyword } from '../../../../src/domain/messaging';

describe('parseSmsKeyword', () => {
  it.each(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])(
    'reads %s as an opt-out',
    (word) => expect(parseSmsKeyword(word)).toBe('opt-out'),
  );

  it.each(['START', 'YES', 'UNSTOP'])('reads %s as an opt-in', (word) =>
    expect(parseSmsKeyword(word)).toBe('opt-in'),
  );

  it.each(['HELP', 'INFO'])('reads %s as a request for help', (word) =>
    expect(parseSmsKeyword(word)).toBe('help'),
  );

  it.each(['stop', 'Stop', ' STOP\n', 'stop.', 'STOP!!', '"Stop"', '¡stop!', '\tquit ?'])(
    'ignores case, whitespace and punctuation around the word: %j',
    (body) => expect(parseSmsKeyword(body)).toBe('opt-out'),
  );

  it.each([
    'please stop',
    "don't stop",
    'STOP ALL',
    'stopping',
    's.t.o.p',
    'yes please',
    '',
    '   ',
    'how much is the 20 GB add-on?',
    'constructor',
  ])('does not read %j as a keyword', (body) => expect(parseSmsKeyword(body)).toBeUndefined());
});
