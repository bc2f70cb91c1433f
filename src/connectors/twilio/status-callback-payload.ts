import { z } from 'zod';
import type { ZodType } from 'zod';
import { isSmsStatus } from '../../domain/messaging';
import type { SmsStatus } from '../../domain/messaging';
import { MESSAGE_SID_PATTERN } from './message-sid';
import type { FormParams } from './webhook-signature';

const optionalText = z.string().max(2000).optional();

/** Every parameter Twilio documents for a message status callback; unknown ones are dropped. */
function statusCallbackFields(accountSid: string) {
  return z.object({
    MessageSid: z.string().regex(MESSAGE_SID_PATTERN),
    MessageStatus: z.string().min(1).max(40),
    AccountSid: z.literal(accountSid, { error: 'must be this service’s Twilio account' }),
    // Twilio sends an empty ErrorCode on success for some channels.
    ErrorCode: z
      .union([z.literal(''), z.coerce.number().int().min(0)])
      .optional()
      .transform((code) => (code === '' ? undefined : code)),

    SmsSid: optionalText,
    SmsStatus: optionalText,
    From: optionalText,
    To: optionalText,
    ApiVersion: optionalText,
    ErrorMessage: optionalText,
    MessagingServiceSid: optionalText,
    RawDlrDoneDate: optionalText,
    ChannelInstallSid: optionalText,
    ChannelPrefix: optionalText,
    ChannelToAddress: optionalText,
    ChannelStatusMessage: optionalText,
    EventType: optionalText,
    Price: optionalText,
    PriceUnit: optionalText,
  });
}

export interface StatusCallbackPayload {
  twilioSid: string;
  /** Undefined for Twilio statuses SMS records do not track (`read`, `scheduled`, `canceled`…). */
  status: SmsStatus | undefined;
  reportedStatus: string;
  errorCode?: number;
}

export type StatusCallbackParser = ((params: FormParams) => StatusCallbackPayload) & {
  /** The form fields it validates, for the OpenAPI document. */
  schema?: ZodType;
};

export function statusCallbackParser(accountSid: string): StatusCallbackParser {
  const fields = statusCallbackFields(accountSid);
  const parser = (params: FormParams): StatusCallbackPayload => {
    const parsed = fields.parse(params);
    return {
      twilioSid: parsed.MessageSid,
      status: isSmsStatus(parsed.MessageStatus) ? parsed.MessageStatus : undefined,
      reportedStatus: parsed.MessageStatus,
      ...(parsed.ErrorCode !== undefined ? { errorCode: parsed.ErrorCode } : {}),
    };
  };
  return Object.assign(parser, { schema: fields });
}
