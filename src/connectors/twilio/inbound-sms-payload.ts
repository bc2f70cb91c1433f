import { z } from 'zod';
import type { ZodType } from 'zod';
import type { InboundSmsRecord, MediaAttachment } from '../../domain/messaging';
import { MESSAGE_SID_PATTERN } from './message-sid';
import type { FormParams } from './webhook-signature';

/** Twilio allows ten media items per message. */
const MAX_MEDIA = 10;

/** A phone number in E.164, or a short code (a campaign's five- or six-digit sender). */
const address = z.string().regex(/^(\+[1-9]\d{1,14}|\d{3,8})$/, 'must be E.164 or a short code');
const optionalText = z.string().max(2000).optional();

/**
 * Every parameter Twilio documents for an incoming message webhook. Only the first block is used;
 * the rest are declared so a change in their shape is noticed, and anything else is dropped.
 */
function inboundMessageFields(accountSid: string) {
  return z.object({
    MessageSid: z.string().regex(MESSAGE_SID_PATTERN, 'must be SM or MM followed by 32 hex'),
    AccountSid: z.literal(accountSid, { error: 'must be this service’s Twilio account' }),
    From: address,
    To: address,
    Body: z.string().max(5000).default(''),
    NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).default(0),
    NumSegments: z.coerce.number().int().min(0).optional(),
    MessagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/)
      .optional(),

    SmsSid: optionalText,
    SmsMessageSid: optionalText,
    SmsStatus: optionalText,
    ApiVersion: optionalText,
    ReferralNumMedia: optionalText,
    FromCity: optionalText,
    FromState: optionalText,
    FromZip: optionalText,
    FromCountry: optionalText,
    ToCity: optionalText,
    ToState: optionalText,
    ToZip: optionalText,
    ToCountry: optionalText,
    AddOns: z.string().max(100_000).optional(),
    ProfileName: optionalText,
    WaId: optionalText,
    Forwarded: optionalText,
    FrequentlyForwarded: optionalText,
    ButtonText: optionalText,
    ButtonPayload: optionalText,
    OriginalRepliedMessageSender: optionalText,
    OriginalRepliedMessageSid: optionalText,
    Latitude: optionalText,
    Longitude: optionalText,
    Address: optionalText,
    Label: optionalText,
    ChannelMetadata: optionalText,
  });
}

/** What the webhook hands to the store: exactly the domain's inbound record. */
export type InboundSmsPayload = InboundSmsRecord;

export type InboundSmsPayloadParser = ((params: FormParams) => InboundSmsPayload) & {
  /** The form fields it validates, for the OpenAPI document. */
  schema?: ZodType;
};

/** Builds the parser for one account; throws a ZodError (a 400) on a malformed webhook. */
/** `MediaUrl0`…`MediaUrl{n-1}` with their content types, one schema per media count. */
function mediaFields(count: number) {
  const url = z.url({ protocol: /^https?$/ });
  const contentType = z.string().max(255).optional();
  const shape: Record<string, typeof url | typeof contentType> = {};
  for (let index = 0; index < count; index += 1) {
    shape[`MediaUrl${index}`] = url;
    shape[`MediaContentType${index}`] = contentType;
  }
  return z.object(shape);
}

/** Builds the parser for one account; throws a ZodError (a 400) on a malformed webhook. */
export function inboundSmsPayloadParser(accountSid: string): InboundSmsPayloadParser {
  const fields = inboundMessageFields(accountSid);
  const mediaByCount = Array.from({ length: MAX_MEDIA + 1 }, (_, count) => mediaFields(count));
  const parser = (params: FormParams): InboundSmsPayload => {
    const parsed = fields.parse(params);
    const numbered = mediaByCount[parsed.NumMedia]?.parse(params) ?? {};
    const media: MediaAttachment[] = [];
    for (let index = 0; index < parsed.NumMedia; index += 1) {
      const url = numbered[`MediaUrl${index}`];
      const contentType = numbered[`MediaContentType${index}`];
      if (url) media.push(contentType ? { url, contentType } : { url });
    }
    return {
      twilioSid: parsed.MessageSid,
      from: parsed.From,
      to: parsed.To,
      body: parsed.Body,
      media,
      ...(parsed.MessagingServiceSid ? { messagingServiceSid: parsed.MessagingServiceSid } : {}),
      ...(parsed.NumSegments !== undefined ? { numSegments: parsed.NumSegments } : {}),
    };
  };
  return Object.assign(parser, { schema: fields });
}
