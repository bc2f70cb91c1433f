import { z } from 'zod';
import { AppError } from '../../domain/shared/errors';
import type { SendMessagePayload } from './chat-events';

// The length ceiling here only stops absurd frames before they are copied around; the configured
// text limit is checked after parsing so it can answer PAYLOAD_TOO_LARGE rather than a validation error.
const HARD_TEXT_CEILING = 60_000;

const sendMessageSchema = z
  .strictObject({
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, "-" or "_"'),
    text: z.string().max(HARD_TEXT_CEILING).optional(),
    value: z.string().min(1).max(200).optional(),
    label: z.string().max(200).optional(),
  })
  .refine((payload) => (payload.text?.trim() ? 1 : 0) + (payload.value ? 1 : 0) === 1, {
    message: 'send either a non-empty text or a value',
  });

/** Validates a `message:send` payload; throws an AppError the ack carries back. */
export function parseSendMessage(raw: unknown, maxTextLength: number): SendMessagePayload {
  const parsed = sendMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'too_big' && issue.path[0] === 'text') throw tooLarge(maxTextLength);
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid message'}`);
  }
  const { clientId, value, label } = parsed.data;
  const text = parsed.data.text?.trim();
  if (text !== undefined && text.length > maxTextLength) {
    throw tooLarge(maxTextLength);
  }
  return {
    clientId,
    ...(text ? { text } : {}),
    ...(value ? { value } : {}),
    ...(value && label ? { label } : {}),
  };
}

function tooLarge(maxTextLength: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `A message can hold at most ${maxTextLength} characters`,
    { maxLength: maxTextLength },
  );
}
