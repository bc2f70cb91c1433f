import { randomUUID } from 'node:crypto';

export const MESSAGE_SID_PATTERN = /^(SM|MM)[0-9a-f]{32}$/;

/**
 * A sid shaped like Twilio's: `SM` for SMS, `MM` for a message with media, then 32 hex digits.
 * Built on randomUUID because Node draws those from a pre-filled buffer, while each randomBytes
 * call costs a system call (tens of microseconds on a busy VM, per message).
 */
export function newMessageSid(withMedia = false): string {
  return `${withMedia ? 'MM' : 'SM'}${randomUUID().replaceAll('-', '')}`;
}
