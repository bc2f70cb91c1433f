import {
  canAdvanceSmsStatus,
  isSmsStatus,
  isTerminalSmsStatus,
  smsStatuses,
} from '../../../../src/domain/messaging';
import type { SmsStatus } from '../../../../src/domain/messaging';

describe('sms status ranking', () => {
  it('moves forward through Twilio’s order', () => {
    const path: SmsStatus[] = ['accepted', 'queued', 'sending', 'sent', 'delivered'];
    for (let index = 1; index < path.length; index += 1) {
      expect(canAdvanceSmsStatus(path[index - 1]!, path[index]!)).toBe(true);
    }
  });

  it('may skip statuses that were never reported', () => {
    expect(canAdvanceSmsStatus('accepted', 'delivered')).toBe(true);
    expect(canAdvanceSmsStatus('queued', 'failed')).toBe(true);
  });

  it('never moves backwards: a late sent does not undo delivered', () => {
    expect(canAdvanceSmsStatus('delivered', 'sent')).toBe(false);
    expect(canAdvanceSmsStatus('sent', 'queued')).toBe(false);
    expect(canAdvanceSmsStatus('sending', 'accepted')).toBe(false);
  });

  it('treats a repeated status as no change', () => {
    for (const status of smsStatuses) expect(canAdvanceSmsStatus(status, status)).toBe(false);
  });

  it('keeps every terminal status final', () => {
    const terminal = smsStatuses.filter(isTerminalSmsStatus);
    expect(terminal).toEqual(['delivered', 'undelivered', 'failed', 'received']);
    for (const from of terminal) {
      for (const to of smsStatuses) expect(canAdvanceSmsStatus(from, to)).toBe(false);
    }
  });

  it('knows which Twilio statuses it tracks', () => {
    expect(isSmsStatus('delivered')).toBe(true);
    expect(isSmsStatus('read')).toBe(false);
    expect(isSmsStatus('canceled')).toBe(false);
  });
});
