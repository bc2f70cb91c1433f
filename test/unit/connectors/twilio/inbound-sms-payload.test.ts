import { ZodError } from 'zod';
import { inboundSmsPayloadParser } from '../../../../src/connectors/twilio/inbound-sms-payload';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const SID = 'MM' + '0123456789abcdef'.repeat(2);
const parse = inboundSmsPayloadParser(ACCOUNT);

const base = {
  MessageSid: SID,
  SmsSid: SID,
  SmsMessageSid: SID,
  AccountSid: ACCOUNT,
  MessagingServiceSid: 'MG' + 'b'.repeat(32),
  From: '+447700900123',
  To: '+15005550006',
  Body: 'see attached',
  NumSegments: '1',
  NumMedia: '0',
  FromCity: '',
  FromState: '',
  FromZip: '',
  FromCountry: 'GB',
  ToCity: 'SAN FRANCISCO',
  ToState: 'CA',
  ToZip: '94105',
  ToCountry: 'US',
  ApiVersion: '2010-04-01',
  SmsStatus: 'received',
};

describe('inbound sms payload', () => {
  it('reads the message and drops parameters it does not know', () => {
    expect(parse({ ...base, SomethingNew: 'x' })).toEqual({
      twilioSid: SID,
      from: '+447700900123',
      to: '+15005550006',
      body: 'see attached',
      media: [],
      messagingServiceSid: 'MG' + 'b'.repeat(32),
      numSegments: 1,
    });
  });

  it('turns MediaUrlN and MediaContentTypeN into attachments, in order', () => {
    const payload = parse({
      ...base,
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/media/1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/media/2',
      MediaContentType1: 'application/pdf',
    });
    expect(payload.media).toEqual([
      { url: 'https://api.twilio.com/media/1', contentType: 'image/jpeg' },
      { url: 'https://api.twilio.com/media/2', contentType: 'application/pdf' },
    ]);
  });

  it('refuses a media count without its URLs', () => {
    expect(() => parse({ ...base, NumMedia: '1' })).toThrow(ZodError);
  });

  it.each([
    ['a sid of the wrong shape', { MessageSid: 'SM123' }],
    ['an uppercase hex sid', { MessageSid: 'SM' + 'A'.repeat(32) }],
    ['another account', { AccountSid: 'AC' + 'c'.repeat(32) }],
    ['a sender that is no number', { From: 'alice' }],
    ['more media than Twilio allows', { NumMedia: '11' }],
  ])('refuses %s', (_case, change) => {
    expect(() => parse({ ...base, ...change })).toThrow(ZodError);
  });

  it('accepts a short code sender and an empty body', () => {
    expect(parse({ ...base, From: '72345', Body: '' })).toMatchObject({ from: '72345', body: '' });
  });
});
