import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { newMessageSid } from '../message-sid';
import { postSignedWebhook } from './signed-webhook';
import type { WebhookResponse } from './signed-webhook';

export interface InboundInjection {
  from: string;
  to?: string;
  body: string;
  mediaUrls?: string[];
}

export interface InboundDelivery {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  at: Date;
  webhookStatus: number;
}

export interface InboundSmsInjectorDeps {
  accountSid: string;
  authToken: string;
  /** The account's number, the default recipient. */
  ownNumber: string;
  messagingServiceSid: string | undefined;
  webhookUrl: () => string;
}

const contentTypesByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
};

function guessContentType(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? '';
  return contentTypesByExtension[extension] ?? 'application/octet-stream';
}

function countryOf(phone: string): string {
  return parsePhoneNumberFromString(phone)?.country ?? '';
}

/** Delivers an SMS "from a handset" to our webhook exactly as Twilio would: every field, signed. */
export class InboundSmsInjector {
  constructor(private readonly deps: InboundSmsInjectorDeps) {}

  async deliver(
    injection: InboundInjection,
  ): Promise<{ delivery: InboundDelivery; response: WebhookResponse }> {
    const mediaUrls = injection.mediaUrls ?? [];
    const to = injection.to ?? this.deps.ownNumber;
    const messageSid = newMessageSid(mediaUrls.length > 0);
    const params: Record<string, string> = {
      ToCountry: countryOf(to),
      ToState: '',
      SmsMessageSid: messageSid,
      NumMedia: String(mediaUrls.length),
      ToCity: '',
      FromZip: '',
      SmsSid: messageSid,
      FromState: '',
      SmsStatus: 'received',
      FromCity: '',
      Body: injection.body,
      FromCountry: countryOf(injection.from),
      To: to,
      ToZip: '',
      NumSegments: '1',
      MessageSid: messageSid,
      AccountSid: this.deps.accountSid,
      From: injection.from,
      ApiVersion: '2010-04-01',
      ...(this.deps.messagingServiceSid
        ? { MessagingServiceSid: this.deps.messagingServiceSid }
        : {}),
    };
    mediaUrls.forEach((url, index) => {
      params[`MediaUrl${index}`] = url;
      params[`MediaContentType${index}`] = guessContentType(url);
    });
    const response = await postSignedWebhook(this.deps.webhookUrl(), params, this.deps.authToken);
    return {
      delivery: {
        messageSid,
        from: injection.from,
        to,
        body: injection.body,
        mediaUrls,
        at: new Date(),
        webhookStatus: response.status,
      },
      response,
    };
  }
}
