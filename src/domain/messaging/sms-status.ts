/**
 * Message statuses in the order Twilio moves a message through them. Callbacks arrive over HTTP
 * and can be reordered or repeated, so a status only ever replaces one of a lower rank, and the
 * final ones (one rank, all terminal) are never replaced: a late `sent` must not undo `delivered`.
 */
export const smsStatuses = [
  'accepted',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'received',
] as const;

export type SmsStatus = (typeof smsStatuses)[number];

const rankOf: Record<SmsStatus, number> = {
  accepted: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  received: 4,
};

export const TERMINAL_SMS_STATUS_RANK = 4;

export function smsStatusRank(status: SmsStatus): number {
  return rankOf[status];
}

export function isTerminalSmsStatus(status: SmsStatus): boolean {
  return rankOf[status] === TERMINAL_SMS_STATUS_RANK;
}

/** Whether a message now in `current` may take `next`. */
export function canAdvanceSmsStatus(current: SmsStatus, next: SmsStatus): boolean {
  return rankOf[next] > rankOf[current];
}

export function isSmsStatus(value: string): value is SmsStatus {
  return (smsStatuses as readonly string[]).includes(value);
}
