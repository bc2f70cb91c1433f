import { AppError } from '../shared/errors';

/** A marketing SMS to a number that opted out; callers (campaigns) skip the recipient. */
export class RecipientOptedOutError extends AppError {
  constructor() {
    super('UNPROCESSABLE', 'The recipient opted out of marketing SMS', {
      reason: 'recipient-opted-out',
    });
    this.name = 'RecipientOptedOutError';
  }
}
