import { ZodError } from 'zod';
import { voicePayloadParsers } from '../../../../../src/connectors/twilio/voice/voice-payloads';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const CALL_SID = 'CA' + '0123456789abcdef'.repeat(2);
const parse = voicePayloadParsers(ACCOUNT);

function params(extra: Record<string, string> = {}): Record<string, string> {
  return {
    CallSid: CALL_SID,
    AccountSid: ACCOUNT,
    From: '+447700900123',
    To: '+441632960000',
    CallStatus: 'in-progress',
    Direction: 'inbound',
    SomethingTwilioAddsLater: 'ignored',
    ...extra,
  };
}

describe('voice webhook payloads', () => {
  it('reads an incoming call and drops unknown fields', () => {
    expect(parse.incomingCall(params())).toEqual({
      callSid: CALL_SID,
      from: '+447700900123',
      to: '+441632960000',
    });
  });

  it('refuses another account, a malformed CallSid and a missing caller', () => {
    expect(() => parse.incomingCall(params({ AccountSid: 'AC' + 'b'.repeat(32) }))).toThrow(
      ZodError,
    );
    expect(() => parse.incomingCall(params({ CallSid: 'CA' + 'G'.repeat(32) }))).toThrow(ZodError);
    const { From: _from, ...withoutCaller } = params();
    expect(() => parse.incomingCall(withoutCaller)).toThrow(ZodError);
  });

  it('trims speech and treats missing or empty confidence as none', () => {
    expect(parse.gather(params({ SpeechResult: ' hello ', Confidence: '0.87' }))).toMatchObject({
      speech: 'hello',
      confidence: 0.87,
    });
    expect(parse.gather(params({ Confidence: '' }))).toMatchObject({ speech: '', confidence: 0 });
    expect(() => parse.gather(params({ Confidence: '1.5' }))).toThrow(ZodError);
  });

  it('marks only statuses that end a call as terminal', () => {
    for (const status of ['completed', 'no-answer', 'busy', 'failed', 'canceled']) {
      expect(parse.status(params({ CallStatus: status })).terminalStatus).toBe(status);
    }
    expect(parse.status(params({ CallStatus: 'ringing' })).terminalStatus).toBeUndefined();
    expect(
      parse.status(params({ CallStatus: 'completed', CallDuration: '61' })).durationSeconds,
    ).toBe(61);
  });
});
