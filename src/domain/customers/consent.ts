import type { MarketingConsentKind } from '../shared/channel';
import { marketingPurposeOf } from './customer';
import type { Consent, ConsentPurpose, ConsentSource, ConsentStatus } from './customer';

export interface ConsentChange {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: ConsentSource;
  at: Date;
}

export interface ConsentOutcome {
  consent: Consent;
  /** False when the customer already had this status: nothing is recorded twice. */
  changed: boolean;
}

/**
 * Applies an opt-in or opt-out. Every real change is appended to the history (regulators ask when
 * and how consent was given); repeating the current status changes nothing, so a redelivered STOP
 * keeps the original opt-out time. A decision older than the current one is history only: a
 * late-arriving import must not undo a newer STOP.
 */
export function applyConsentChange(current: Consent, change: ConsentChange): ConsentOutcome {
  const existing = current[change.purpose];
  if (existing && existing.status === change.status) return { consent: current, changed: false };
  const entry = {
    purpose: change.purpose,
    status: change.status,
    source: change.source,
    at: change.at,
  };
  const history = [...current.history, entry].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (existing && existing.at.getTime() > change.at.getTime()) {
    return { consent: { ...current, history }, changed: true };
  }
  return {
    consent: {
      ...current,
      [change.purpose]: { status: change.status, source: change.source, at: change.at },
      history,
    },
    changed: true,
  };
}

/** Marketing of a kind only to those who said yes to it; no record is a no. */
export function mayReceiveMarketing(consent: Consent, kind: MarketingConsentKind): boolean {
  return consent[marketingPurposeOf(kind)]?.status === 'opted-in';
}

/** Marketing SMS only to those who said yes; no record is a no. */
export function mayReceiveSmsMarketing(consent: Consent): boolean {
  return mayReceiveMarketing(consent, 'sms');
}
