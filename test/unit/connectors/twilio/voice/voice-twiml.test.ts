import { asksForAPerson } from '../../../../../src/connectors/twilio/voice/voice-policy';
import {
  sayAndEnqueue,
  sayAndGather,
} from '../../../../../src/connectors/twilio/voice/voice-twiml';

describe('voice TwiML', () => {
  it('gathers speech for the given turn, with the lines inside so callers can talk over them', () => {
    expect(sayAndGather(['Hello.', 'How can I help?'], 3)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="speech" action="/webhooks/twilio/voice/gather?turn=3" method="POST" ' +
        'speechTimeout="auto" language="en-GB" actionOnEmptyResult="true">' +
        '<Say language="en-GB">Hello.</Say><Say language="en-GB">How can I help?</Say>' +
        '</Gather></Response>',
    );
  });

  it('escapes what it speaks', () => {
    const twiml = sayAndEnqueue(['Fish & chips <b>now</b>'], 'sales');
    expect(twiml).toContain('Fish &amp; chips &lt;b&gt;now&lt;/b&gt;');
    expect(twiml).toMatch(/<Enqueue>sales<\/Enqueue><\/Response>$/);
  });
});

describe('asking for a person', () => {
  it.each(['get me a human', 'Can I speak to an AGENT?', 'a real person please', 'operator'])(
    'hears "%s"',
    (speech) => expect(asksForAPerson(speech)).toBe(true),
  );

  it.each(['how much is the 20 GB add-on', 'personal hotspot', 'agents of change'])(
    'does not hear it in "%s"',
    (speech) => expect(asksForAPerson(speech)).toBe(false),
  );
});
