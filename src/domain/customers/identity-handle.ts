import { isPhoneIdentified } from '../shared/channel';
import { AppError } from '../shared/errors';
import type { IdentityChannel } from './customer';
import { tryNormalisePhone } from '../shared/phone';

/** Handles on the phone channels are phone numbers, compared in E.164; other handles are opaque strings. */
export function normaliseHandle(channel: IdentityChannel, handle: string): string {
  const trimmed = handle.trim();
  if (isPhoneIdentified(channel)) {
    const e164 = tryNormalisePhone(trimmed);
    if (!e164) {
      throw new AppError('VALIDATION_FAILED', `"${handle}" is not a phone number`, {
        channel,
        handle,
      });
    }
    return e164;
  }
  if (trimmed === '')
    throw new AppError('VALIDATION_FAILED', 'A handle cannot be empty', { channel });
  return trimmed;
}
