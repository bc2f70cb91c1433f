import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger };

/**
 * Paths that may carry message bodies or phone numbers. They are removed at every level; a
 * handler that needs them at debug level logs them explicitly through `maskPhone`.
 */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'body',
  'Body',
  'text',
  'password',
  'token',
  '*.body',
  '*.Body',
  '*.text',
  '*.password',
  '*.token',
  '*.From',
  '*.To',
  'From',
  'To',
];

export function createLogger(
  level: string,
  name = 'omnichannel',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Query strings can carry tokens and phone numbers; log the path only.
    serializers: {
      req: (request: { method?: string; url?: string; id?: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url?.split('?')[0],
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** `+14155550123` → `+1415*****23`: enough to correlate, not enough to identify. */
export function maskPhone(phone: string | undefined): string | undefined {
  if (!phone) return phone;
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return `${phone.slice(0, 5)}${'*'.repeat(phone.length - 7)}${phone.slice(-2)}`;
}
