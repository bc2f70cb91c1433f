import twilio from 'twilio';
import { registerSmsMessageModel } from '../../../src/domain/messaging';
import type { InboundSms, InboundSmsHandler, SmsMessage } from '../../../src/domain/messaging';
import { newMessageSid } from '../../../src/connectors/twilio/message-sid';
import { createTwilioFeature } from '../../../src/features/twilio';
import type { TwilioFeature, TwilioFeatureOptions } from '../../../src/features/twilio';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

export const CUSTOMER = '+447700900123';

/** Collects what the conversation side would receive. */
export class RecordingHandler implements InboundSmsHandler {
  readonly received: InboundSms[] = [];

  async handle(message: InboundSms): Promise<void> {
    this.received.push(message);
  }
}

export interface TwilioTestNode {
  runtime: TestRuntime;
  feature: TwilioFeature;
  handler: RecordingHandler;
  /** The URL Twilio signs over: PUBLIC_BASE_URL, or the bound address when that names port 0. */
  publicUrl: string;
}

export async function startTwilioNode(
  options: {
    env?: Record<string, string>;
    mongoUri?: string;
    handler?: RecordingHandler;
    feature?: TwilioFeatureOptions;
  } = {},
): Promise<TwilioTestNode> {
  const handler = options.handler ?? new RecordingHandler();
  const feature = createTwilioFeature({
    inboundHandler: handler,
    outbound: { backoffMs: 100 },
    standInStatusStepMs: 20,
    ...options.feature,
  });
  const runtime = await startTestRuntime({
    ...(options.mongoUri ? { mongoUri: options.mongoUri } : {}),
    ...(options.env ? { env: options.env } : {}),
    configure: (context) => feature.configure(context),
    configureApp: (context) => feature.configureApp(context),
  });
  const publicUrl = options.env?.PUBLIC_BASE_URL ?? runtime.url!;
  return { runtime, feature, handler, publicUrl };
}

/** An incoming-message webhook with every parameter Twilio sends. */
export function inboundParams(
  accountSid: string,
  message: { from?: string; body: string; sid?: string; media?: Array<[string, string]> },
): Record<string, string> {
  const media = message.media ?? [];
  const sid = message.sid ?? newMessageSid(media.length > 0);
  const params: Record<string, string> = {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: String(media.length),
    ToCity: 'SAN FRANCISCO',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: message.body,
    FromCountry: 'GB',
    To: '+15005550006',
    ToZip: '94105',
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: accountSid,
    From: message.from ?? CUSTOMER,
    ApiVersion: '2010-04-01',
  };
  media.forEach(([url, contentType], index) => {
    params[`MediaUrl${index}`] = url;
    params[`MediaContentType${index}`] = contentType;
  });
  return params;
}

/** POSTs form parameters to `target`, signed as Twilio would sign them for `signedUrl`. */
export async function postSigned(
  target: string,
  params: Record<string, string>,
  signing: { authToken: string; signedUrl?: string; signature?: string },
): Promise<Response> {
  const signature =
    signing.signature ??
    twilio.getExpectedTwilioSignature(signing.authToken, signing.signedUrl ?? target, params);
  return fetch(target, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    },
    body: new URLSearchParams(params),
  });
}

/** Delivers an inbound SMS webhook to `node` the way Twilio would reach it. */
export function deliverInbound(
  node: TwilioTestNode,
  params: Record<string, string>,
): Promise<Response> {
  return postSigned(`${node.runtime.url}/webhooks/twilio/sms`, params, {
    authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
    signedUrl: `${node.publicUrl}/webhooks/twilio/sms`,
  });
}

export function storedMessages(node: TwilioTestNode, filter: Partial<SmsMessage> = {}) {
  return registerSmsMessageModel(node.runtime.mongo.connection).find(filter).lean<SmsMessage[]>();
}

/** Polls `probe` until it returns something truthy (or the time runs out). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
