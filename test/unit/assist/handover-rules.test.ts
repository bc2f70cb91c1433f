import {
  classifyHandover,
  summaryFromTranscript,
} from '../../../src/domain/handovers/handover-rules';

describe('handover queue and priority', () => {
  it('sends voice to the voice queue as urgent, a high-value cart to sales as high, the rest as normal', () => {
    expect(classifyHandover({ channel: 'voice', reason: 'speech was not understood' })).toEqual({
      queue: 'voice',
      priority: 'urgent',
    });
    expect(classifyHandover({ channel: 'sms', reason: 'high-value-cart' })).toEqual({
      queue: 'sales',
      priority: 'high',
    });
    expect(classifyHandover({ channel: 'webchat', reason: 'customer-asked' })).toEqual({
      queue: 'sales',
      priority: 'normal',
    });
  });

  it('keeps what the source said, and ignores a priority it does not know', () => {
    expect(
      classifyHandover({
        channel: 'sms',
        reason: 'bot-stuck',
        queue: 'support',
        priority: 'urgent',
      }),
    ).toEqual({
      queue: 'support',
      priority: 'urgent',
    });
    expect(
      classifyHandover({ channel: 'sms', reason: 'bot-stuck', priority: 'whenever' }).priority,
    ).toBe('normal');
    expect(classifyHandover({ channel: 'sms', reason: 'bot-stuck', queue: '  ' }).queue).toBe(
      'sales',
    );
  });
});

describe('a voice handover summary', () => {
  it('reads the last turns of the call', () => {
    const transcript = Array.from({ length: 8 }, (_, index) => ({
      speaker: index % 2 ? 'bot' : 'caller',
      text: `turn ${index + 1}`,
    }));
    const summary = summaryFromTranscript('speech was not understood', transcript);
    expect(summary).toBe(
      'Call transferred to a person (speech was not understood). Call so far: Caller: turn 3 / Assistant: turn 4 / Caller: turn 5 / Assistant: turn 6 / Caller: turn 7 / Assistant: turn 8',
    );
    expect(summaryFromTranscript('caller asked', [])).toBe(
      'Call transferred to a person (caller asked).',
    );
    expect(summaryFromTranscript('voice-transfer', [])).toBe('Call transferred to a person.');
  });
});
