import { randomUUID } from 'node:crypto';
import twilio from 'twilio';

export interface WebhookResponse {
  status: number;
  body: string;
}

/**
 * POSTs form parameters the way Twilio calls a webhook: form-encoded, with `X-Twilio-Signature`
 * computed by the twilio library over the exact URL and parameters, and an idempotency token.
 */
export async function postSignedWebhook(
  url: string,
  params: Record<string, string>,
  authToken: string,
): Promise<WebhookResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
      'i-twilio-idempotency-token': randomUUID(),
      'user-agent': 'TwilioProxy/1.1',
      // The stand-in lives in the app it calls: a kept-alive connection would hold the server's
      // shutdown for its whole keep-alive timeout.
      connection: 'close',
    },
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: await response.text() };
}
