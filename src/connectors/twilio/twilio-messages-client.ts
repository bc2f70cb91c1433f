import { z } from 'zod';
import type { SmsStatus } from '../../domain/messaging';
import { isSmsStatus } from '../../domain/messaging';
import { TwilioApiError } from './twilio-api-error';

export interface CreateMessageParams {
  to: string;
  /** One of `from` and `messagingServiceSid`; the service wins when both are set, as in Twilio. */
  from?: string;
  messagingServiceSid?: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string;
  /** A Content API resource (`HX…`) sent instead of a body: buttons, lists, approved templates. */
  contentSid?: string;
  /** The template's placeholders by number, `{"1": "Sam"}`. */
  contentVariables?: Readonly<Record<string, string>>;
}

export interface CreatedMessage {
  sid: string;
  status: SmsStatus;
  from?: string;
  numSegments?: number;
}

export interface TwilioMessagesClientOptions {
  /** `https://api.twilio.com`, or the stand-in's address: the only difference between them. */
  baseUrl: () => string;
  accountSid: string;
  authToken: string;
  timeoutMs?: number;
}

const messageResource = z.object({
  sid: z.string(),
  status: z.string(),
  from: z.string().nullable().optional(),
  num_segments: z.coerce.number().int().optional(),
});

const errorBody = z.object({ code: z.number().optional(), message: z.string().optional() });

/**
 * The one Twilio REST call this service makes, over plain fetch: no SDK client state, and the
 * stand-in is reached by changing nothing but the base URL and credentials.
 */
export class TwilioMessagesClient {
  private readonly authorization: string;

  constructor(private readonly options: TwilioMessagesClientOptions) {
    const credentials = `${options.accountSid}:${options.authToken}`;
    this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }

  async createMessage(params: CreateMessageParams): Promise<CreatedMessage> {
    const url = `${this.options.baseUrl()}/2010-04-01/Accounts/${this.options.accountSid}/Messages.json`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: toForm(params),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new TwilioApiError('Twilio could not be reached', undefined, undefined, {
        cause: error,
      });
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const details = errorBody.safeParse(payload);
      const code = details.success ? details.data.code : undefined;
      const message = details.success ? details.data.message : undefined;
      throw new TwilioApiError(
        `Twilio refused the message (HTTP ${response.status}${code ? `, code ${code}` : ''}): ${message ?? response.statusText}`,
        response.status,
        code,
      );
    }
    const created = messageResource.safeParse(payload);
    if (!created.success) {
      throw new TwilioApiError(
        'Twilio answered with an unexpected body',
        response.status,
        undefined,
      );
    }
    return {
      sid: created.data.sid,
      status: isSmsStatus(created.data.status) ? created.data.status : 'queued',
      ...(created.data.from ? { from: created.data.from } : {}),
      ...(created.data.num_segments !== undefined
        ? { numSegments: created.data.num_segments }
        : {}),
    };
  }
}

function toForm(params: CreateMessageParams): URLSearchParams {
  const form = new URLSearchParams({ To: params.to, StatusCallback: params.statusCallback });
  if (params.messagingServiceSid) form.set('MessagingServiceSid', params.messagingServiceSid);
  else if (params.from) form.set('From', params.from);
  if (params.contentSid) {
    form.set('ContentSid', params.contentSid);
    if (params.contentVariables)
      form.set('ContentVariables', JSON.stringify(params.contentVariables));
  } else if (params.body) form.set('Body', params.body);
  for (const mediaUrl of params.mediaUrls) form.append('MediaUrl', mediaUrl);
  return form;
}
