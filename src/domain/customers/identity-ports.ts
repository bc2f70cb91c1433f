/** Sends a one-time code by SMS; the Twilio connector implements it, tests use an in-process recorder. */
export interface SmsCodeSender {
  sendCode(toE164: string, code: string): Promise<void>;
}

/**
 * Anything that holds a visitor's data and must move it to the customer when the visitor is linked
 * (the timeline, the cart). Called at least once per link, so it must be idempotent.
 */
export interface VisitorMergeParticipant {
  mergeVisitor(visitorId: string, customerId: string): Promise<void>;
}
