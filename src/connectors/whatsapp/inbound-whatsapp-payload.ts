import { z } from 'zod';
import { MESSAGE_SID_PATTERN } from '../twilio/message-sid';
import type { FormParams } from '../twilio/webhook-signature';
import { numberOfWhatsappAddress } from './whatsapp-address';
import type { InboundWhatsapp } from './whatsapp-message-store';

const whatsappAddress = z
  .string()
  .refine((value) => numberOfWhatsappAddress(value) !== undefined, 'must be whatsapp:+E.164');
const optionalText = z.string().max(2000).optional();

/**
 * Twilio's incoming-message webhook for a WhatsApp sender: the SMS fields, with `whatsapp:`
 * addresses, her WhatsApp id and profile name, and what a tapped button or list item carried.
 */
export function inboundWhatsappFields(accountSid: string) {
  return z.object({
    MessageSid: z.string().regex(MESSAGE_SID_PATTERN, 'must be SM or MM followed by 32 hex'),
    AccountSid: z.literal(accountSid, { error: 'must be this service’s Twilio account' }),
    From: whatsappAddress,
    To: whatsappAddress,
    Body: z.string().max(5000).default(''),
    NumMedia: z.coerce.number().int().min(0).max(10).default(0),
    WaId: z
      .string()
      .regex(/^\d{6,15}$/)
      .optional(),
    ProfileName: optionalText,
    ButtonText: optionalText,
    ButtonPayload: z.string().max(256).optional(),
    MessageType: optionalText,
    SmsSid: optionalText,
    SmsMessageSid: optionalText,
    SmsStatus: optionalText,
    NumSegments: optionalText,
    ReferralNumMedia: optionalText,
    ApiVersion: optionalText,
    MessagingServiceSid: optionalText,
    OriginalRepliedMessageSender: optionalText,
    OriginalRepliedMessageSid: optionalText,
    ChannelMetadata: z.string().max(10_000).optional(),
  });
}

export type InboundWhatsappParser = ((params: FormParams) => InboundWhatsapp) & {
  schema: ReturnType<typeof inboundWhatsappFields>;
};

/** Throws a ZodError (a 400 with the field's name) on a malformed webhook. */
export function inboundWhatsappParser(accountSid: string): InboundWhatsappParser {
  const fields = inboundWhatsappFields(accountSid);
  const parser = (params: FormParams): InboundWhatsapp => {
    const parsed = fields.parse(params);
    return {
      twilioSid: parsed.MessageSid,
      number: numberOfWhatsappAddress(parsed.From)!,
      body: parsed.Body,
      ...(parsed.ButtonPayload ? { buttonPayload: parsed.ButtonPayload } : {}),
      ...(parsed.ButtonText ? { buttonText: parsed.ButtonText } : {}),
    };
  };
  return Object.assign(parser, { schema: fields });
}

/** The status callback of a message we sent, with Twilio's error code when it failed. */
export function whatsappStatusFields(accountSid: string) {
  return z.object({
    MessageSid: z.string().regex(MESSAGE_SID_PATTERN),
    AccountSid: z.literal(accountSid, { error: 'must be this service’s Twilio account' }),
    MessageStatus: z.enum([
      'accepted',
      'queued',
      'sending',
      'sent',
      'delivered',
      'read',
      'undelivered',
      'failed',
    ]),
    ErrorCode: z.coerce.number().int().optional(),
    To: z.string().max(64).optional(),
    From: z.string().max(64).optional(),
  });
}
