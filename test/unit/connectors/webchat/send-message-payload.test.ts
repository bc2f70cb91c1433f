import { parseSendMessage } from '../../../../src/connectors/webchat/send-message-payload';
import { AppError } from '../../../../src/domain/shared/errors';

const clientId = '7f9c2b1e-4a0d-4c55-9e43-2d1b8f0a6c11';

function refusal(raw: unknown, max = 2000): { code: string; message: string } {
  try {
    parseSendMessage(raw, max);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('a message:send payload', () => {
  it('takes trimmed text, or a pressed value with its label', () => {
    expect(parseSendMessage({ clientId, text: '  Is roaming included?  ' }, 2000)).toEqual({
      clientId,
      text: 'Is roaming included?',
    });
    expect(
      parseSendMessage({ clientId, value: 'offering-data-boost', label: 'Data Boost' }, 2000),
    ).toEqual({ clientId, value: 'offering-data-boost', label: 'Data Boost' });
  });

  it('answers PAYLOAD_TOO_LARGE past the limit, counting the text she meant', () => {
    expect(parseSendMessage({ clientId, text: `${'a'.repeat(2000)}   ` }, 2000).text).toHaveLength(
      2000,
    );
    expect(refusal({ clientId, text: 'a'.repeat(2001) })).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'A message can hold at most 2000 characters',
    });
    expect(refusal({ clientId, text: 'a'.repeat(70_000) }).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'hello'],
    ['no client id', { text: 'hello' }],
    ['a short client id', { clientId: 'abc', text: 'hello' }],
    ['a client id with spaces', { clientId: 'abc def ghi', text: 'hello' }],
    ['blank text', { clientId, text: '   ' }],
    ['text and value', { clientId, text: 'hello', value: 'yes' }],
    ['neither', { clientId }],
    ['an unknown field', { clientId, text: 'hello', customerId: 'cust-stacy-moreno' }],
    ['a number as text', { clientId, text: 42 }],
  ])('refuses %s with VALIDATION_FAILED', (_name, raw) => {
    expect(refusal(raw).code).toBe('VALIDATION_FAILED');
  });
});
