import type { FormParams } from '../webhook-signature';
import { twilioError } from './twilio-error';
import type { TwilioErrorResponse } from './twilio-error';

export interface CreateMessageRequest {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | undefined;
  contentSid: string | undefined;
  contentVariables: string | undefined;
}

export interface SenderAccount {
  fromNumber: string;
  messagingServiceSid: string | undefined;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** Twilio's magic test numbers: sending to them fails with the documented error. */
const MAGIC_RECIPIENTS: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [21612, "The 'To' phone number is not currently reachable via SMS."],
  '+15005550003': [
    21408,
    "Permission to send an SMS has not been enabled for the region indicated by the 'To' number.",
  ],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number is not a valid mobile number"],
};

function single(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function all(params: FormParams, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Validates a create-message form the way Twilio does, with Twilio's error codes. */
export function parseCreateMessageRequest(
  params: FormParams,
  account: SenderAccount,
): CreateMessageRequest | TwilioErrorResponse {
  const to = single(params, 'To')?.trim();
  const from = single(params, 'From')?.trim() || null;
  const messagingServiceSid = single(params, 'MessagingServiceSid')?.trim() || null;
  const body = single(params, 'Body') ?? '';
  const mediaUrls = all(params, 'MediaUrl');
  const statusCallback = single(params, 'StatusCallback')?.trim() || undefined;
  const contentSid = single(params, 'ContentSid')?.trim() || undefined;
  const contentVariables = single(params, 'ContentVariables') ?? undefined;
  const whatsapp = to?.startsWith('whatsapp:') ?? false;

  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (whatsapp) {
    // The WhatsApp part checks the sender, the content and the window (WhatsappStandIn.accept).
    if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (statusCallback && !/^https?:\/\//.test(statusCallback)) {
      return twilioError(400, 21609, 'Invalid StatusCallback url');
    }
    return {
      to,
      from,
      messagingServiceSid: null,
      body,
      mediaUrls,
      statusCallback,
      contentSid,
      contentVariables,
    };
  }
  if (!E164.test(to)) {
    return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  }
  const magic = MAGIC_RECIPIENTS[to];
  if (magic) return twilioError(400, magic[0], magic[1]);
  if (!from && !messagingServiceSid) {
    return twilioError(400, 21603, "A 'From' phone number is required.");
  }
  if (messagingServiceSid && messagingServiceSid !== account.messagingServiceSid) {
    return twilioError(400, 21705, 'The Messaging Service Sid is invalid.');
  }
  if (!messagingServiceSid && from !== account.fromNumber) {
    return twilioError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    );
  }
  if (!body && mediaUrls.length === 0) return twilioError(400, 21602, 'Message body is required.');
  if (body.length > 1600) {
    return twilioError(
      400,
      21617,
      'The concatenated message body exceeds the 1600 character limit.',
    );
  }
  if (mediaUrls.length > 10) {
    return twilioError(400, 21623, 'Number of media files exceeds allowed limit.');
  }
  if (statusCallback && !/^https?:\/\//.test(statusCallback)) {
    return twilioError(400, 21609, 'Invalid StatusCallback url');
  }
  return {
    to,
    from,
    messagingServiceSid,
    body,
    mediaUrls,
    statusCallback,
    contentSid,
    contentVariables,
  };
}

export function isTwilioErrorResponse(
  value: CreateMessageRequest | TwilioErrorResponse,
): value is TwilioErrorResponse {
  return 'status' in value && typeof value.status === 'number';
}
