import {
  applyConsentChange,
  mayReceiveSmsMarketing,
} from '../../../../src/domain/customers/consent';
import type { Consent } from '../../../../src/domain/customers/customer';

const empty: Consent = { history: [] };
const at = (iso: string) => new Date(iso);

describe('SMS marketing consent', () => {
  it('starts as no consent: nobody is texted without a yes', () => {
    expect(mayReceiveSmsMarketing(empty)).toBe(false);
  });

  it('records an opt-in with its time and source', () => {
    const { consent, changed } = applyConsentChange(empty, {
      purpose: 'smsMarketing',
      status: 'opted-in',
      source: 'selfcare',
      at: at('2025-03-01T10:00:00Z'),
    });
    expect(changed).toBe(true);
    expect(consent.smsMarketing).toEqual({
      status: 'opted-in',
      source: 'selfcare',
      at: at('2025-03-01T10:00:00Z'),
    });
    expect(consent.history).toHaveLength(1);
    expect(mayReceiveSmsMarketing(consent)).toBe(true);
  });

  it('moves from opted-in to opted-out on STOP and keeps both in the history', () => {
    const optedIn = applyConsentChange(empty, {
      purpose: 'smsMarketing',
      status: 'opted-in',
      source: 'import',
      at: at('2024-01-01T00:00:00Z'),
    }).consent;
    const { consent } = applyConsentChange(optedIn, {
      purpose: 'smsMarketing',
      status: 'opted-out',
      source: 'sms-keyword',
      at: at('2025-05-05T18:30:00Z'),
    });
    expect(consent.smsMarketing?.status).toBe('opted-out');
    expect(consent.smsMarketing?.source).toBe('sms-keyword');
    expect(consent.history.map((entry) => entry.status)).toEqual(['opted-in', 'opted-out']);
    expect(mayReceiveSmsMarketing(consent)).toBe(false);
  });

  it('treats a repeated STOP as no change and keeps the first opt-out time', () => {
    const optedOut = applyConsentChange(empty, {
      purpose: 'smsMarketing',
      status: 'opted-out',
      source: 'sms-keyword',
      at: at('2025-05-05T18:30:00Z'),
    }).consent;
    const again = applyConsentChange(optedOut, {
      purpose: 'smsMarketing',
      status: 'opted-out',
      source: 'sms-keyword',
      at: at('2025-05-06T09:00:00Z'),
    });
    expect(again.changed).toBe(false);
    expect(again.consent).toBe(optedOut);
    expect(again.consent.smsMarketing?.at).toEqual(at('2025-05-05T18:30:00Z'));
  });

  it('does not let an older decision (a late import) undo a newer STOP', () => {
    const optedOut = applyConsentChange(empty, {
      purpose: 'smsMarketing',
      status: 'opted-out',
      source: 'sms-keyword',
      at: at('2025-05-05T18:30:00Z'),
    }).consent;
    const { consent } = applyConsentChange(optedOut, {
      purpose: 'smsMarketing',
      status: 'opted-in',
      source: 'import',
      at: at('2025-04-01T00:00:00Z'),
    });
    expect(consent.smsMarketing?.status).toBe('opted-out');
    expect(consent.history.map((entry) => [entry.status, entry.source])).toEqual([
      ['opted-in', 'import'],
      ['opted-out', 'sms-keyword'],
    ]);
  });
});
