/**
 * A failed call to Twilio's REST API. `retryable` separates what a later attempt may fix (429,
 * 5xx, the network) from what it never will (a 4xx such as 21211 invalid number).
 */
export class TwilioApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    readonly code: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TwilioApiError';
  }

  get retryable(): boolean {
    return this.httpStatus === undefined || this.httpStatus === 429 || this.httpStatus >= 500;
  }
}
