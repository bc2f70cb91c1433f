import { twilioError } from './twilio-error';
import type { TwilioErrorResponse } from './twilio-error';

export interface InjectedFailure {
  status: 400 | 401 | 429 | 500 | 503;
  /** Twilio's error code; each status has Twilio's usual one by default. */
  code?: number;
  message?: string;
}

const usualErrors: Record<InjectedFailure['status'], [number, string]> = {
  400: [21211, "The 'To' number is not a valid phone number."],
  401: [20003, 'Authenticate'],
  429: [20429, 'Too Many Requests'],
  500: [20500, 'Internal Server Error'],
  503: [20503, 'Service Unavailable'],
};

/** Failures a test asks for, consumed one per create-message request. */
export class FailureInjection {
  private readonly pending: TwilioErrorResponse[] = [];

  failNext(count: number, failure: InjectedFailure): void {
    const [usualCode, usualMessage] = usualErrors[failure.status];
    for (let index = 0; index < count; index += 1) {
      this.pending.push(
        twilioError(failure.status, failure.code ?? usualCode, failure.message ?? usualMessage),
      );
    }
  }

  take(): TwilioErrorResponse | undefined {
    return this.pending.shift();
  }

  clear(): void {
    this.pending.length = 0;
  }
}
