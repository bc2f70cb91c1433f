import { maskEmail, timelineEntry } from '../../../src/assist/views';

describe('panel views', () => {
  it('masks an email enough to confirm it with her but not to copy it', () => {
    expect(maskEmail('stacy.moreno@example.com')).toBe('s******@example.com');
    expect(maskEmail('a@example.com')).toBe('a@example.com');
  });

  it('shows a chat message with its words and who said it', () => {
    const at = new Date('2026-06-01T10:00:00Z');
    const base = {
      party: { customerId: 'cust-stacy-moreno' },
      channel: 'sms' as const,
      occurredAt: at,
    };
    expect(
      timelineEntry({
        ...base,
        id: 'int_1',
        kind: 'message',
        direction: 'inbound',
        summary: 'SMS from customer: hi',
        details: { text: 'hi' },
      }),
    ).toMatchObject({ text: 'hi', author: 'customer', occurredAt: at.toISOString() });
    expect(
      timelineEntry({
        ...base,
        id: 'int_2',
        kind: 'message',
        direction: 'outbound',
        summary: 'SMS from agent: ok',
        details: { text: 'ok', author: 'agent' },
      }),
    ).toMatchObject({ author: 'agent' });
    expect(
      timelineEntry({
        ...base,
        id: 'int_3',
        kind: 'message',
        direction: 'outbound',
        summary: 'SMS from bot: menu',
        details: { text: 'menu' },
      }),
    ).toMatchObject({ author: 'bot' });
    const note = timelineEntry({
      ...base,
      id: 'int_4',
      kind: 'note',
      direction: 'internal',
      summary: 'Wrap-up',
      details: { text: 'x' },
    });
    expect(note.text).toBeUndefined();
    expect(note.author).toBeUndefined();
  });
});
