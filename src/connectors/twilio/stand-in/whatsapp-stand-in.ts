import { newMessageSid } from '../message-sid';
import { hasBasicCredentials } from './basic-auth';
import { BoundedLog } from './bounded-log';
import { contentText, parseContent, toContentResource } from './whatsapp-content';
import type { ContentResource } from './whatsapp-content';
import { postSignedWebhook } from './signed-webhook';
import { twilioError } from './twilio-error';
import type { TwilioErrorResponse } from './twilio-error';

export interface WhatsappStandInOptions {
  accountSid: string;
  authToken: string;
  /** The WhatsApp sender registered on the account (E.164). */
  sender: string;
  /** Where Twilio posts her messages: PUBLIC_BASE_URL + /webhooks/twilio/whatsapp. */
  webhookUrl: () => string;
  /** The approved templates the account holds, by the service's names. */
  templates: Readonly<Record<string, string>>;
  windowHours: number;
}

export interface WhatsappInjection {
  from: string;
  body: string;
  /** A tapped quick-reply button or list item: its id, and its title as she saw it. */
  buttonPayload?: string;
  buttonText?: string;
  profileName?: string;
}

export interface WhatsappDelivery {
  messageSid: string;
  from: string;
  body: string;
  buttonPayload?: string;
  at: Date;
  webhookStatus: number;
}

/** A WhatsApp send the Messages API accepted: what it shows, and whether WhatsApp will fail it. */
export interface AcceptedWhatsapp {
  body: string;
  contentSid: string | null;
  /** Twilio's error code for the failed status callback that follows (63016: window closed). */
  failWith?: number;
}

const WA = 'whatsapp:';

/** What the stand-in's approved templates say, so the outbox reads as her phone would. */
const TEMPLATE_BODIES: Record<string, string> = {
  promotion: 'Hi {{1}}, an offer picked for you: {{2}}. See it here: {{3}} Reply STOP to opt out.',
  'order-complete': 'Hi {{1}}, good news: {{2}} is now active on your account. Order {{3}}.',
};

/**
 * The WhatsApp side of Twilio, in process: the sender's `whatsapp:` addresses on the same Messages
 * API, the Content API (buttons, lists, approved templates), and Meta's customer-service window:
 * a free-form or session message more than 24 hours after her last one is accepted, then fails
 * with error 63016, as Twilio does.
 */
export class WhatsappStandIn {
  private readonly lastInbound = new Map<string, Date>();
  private readonly contents = new Map<string, ContentResource>();
  private readonly inbound = new BoundedLog<WhatsappDelivery>();

  constructor(private readonly options: WhatsappStandInOptions) {
    for (const [name, sid] of Object.entries(options.templates)) {
      this.contents.set(sid, {
        sid,
        friendlyName: name.replace(/[^a-z0-9_]/gi, '_'),
        language: 'en',
        types: { 'twilio/text': { body: TEMPLATE_BODIES[name] ?? '{{1}} {{2}} {{3}}' } },
        approved: true,
        dateCreated: new Date(),
      });
    }
  }

  get sender(): string {
    return this.options.sender;
  }

  static isWhatsappAddress(address: string | undefined): boolean {
    return address?.startsWith(WA) ?? false;
  }

  windowOpen(number: string, now = new Date()): boolean {
    const last = this.lastInbound.get(number);
    return (
      last !== undefined && now.getTime() - last.getTime() < this.options.windowHours * 3_600_000
    );
  }

  /** Moves her last message back in time (development and tests: "she wrote 25 hours ago"). */
  setLastInbound(number: string, at: Date): void {
    this.lastInbound.set(number, at);
  }

  /** Checks a create-message request for a `whatsapp:` recipient the way Twilio does. */
  accept(params: {
    to: string;
    from: string | null;
    body: string;
    contentSid: string | undefined;
    contentVariables: string | undefined;
  }): AcceptedWhatsapp | TwilioErrorResponse {
    if (params.from !== `${WA}${this.options.sender}`) {
      return twilioError(
        400,
        63007,
        'Twilio could not find a Channel with the specified From address',
      );
    }
    const number = params.to.slice(WA.length);
    if (!/^\+[1-9]\d{6,14}$/.test(number)) {
      return twilioError(400, 21211, `The 'To' number ${params.to} is not a valid phone number.`);
    }
    let variables: Record<string, string> | undefined;
    if (params.contentVariables !== undefined) {
      try {
        variables = JSON.parse(params.contentVariables) as Record<string, string>;
      } catch {
        return twilioError(400, 21656, 'The ContentVariables Parameter is invalid.');
      }
    }
    const open = this.windowOpen(number);
    if (params.contentSid) {
      const content = this.contents.get(params.contentSid);
      if (!content) return twilioError(400, 21655, 'The ContentSid is Invalid.');
      return {
        body: contentText(content, variables),
        contentSid: content.sid,
        ...(open || content.approved ? {} : { failWith: 63016 }),
      };
    }
    if (!params.body) return twilioError(400, 21602, 'Message body is required.');
    return { body: params.body, contentSid: null, ...(open ? {} : { failWith: 63016 }) };
  }

  /** `POST /v1/Content` on content.twilio.com. */
  createContent(authorization: string | undefined, body: unknown) {
    if (!hasBasicCredentials(authorization, this.options.accountSid, this.options.authToken)) {
      return twilioError(401, 20003, 'Authenticate');
    }
    const content = parseContent(body);
    if ('status' in content) return content;
    this.contents.set(content.sid, content);
    return { status: 201, body: toContentResource(content, this.options.accountSid) };
  }

  getContent(authorization: string | undefined, sid: string) {
    if (!hasBasicCredentials(authorization, this.options.accountSid, this.options.authToken)) {
      return twilioError(401, 20003, 'Authenticate');
    }
    const content = this.contents.get(sid);
    if (!content)
      return twilioError(404, 20404, `The requested resource /v1/Content/${sid} was not found`);
    return { status: 200, body: toContentResource(content, this.options.accountSid) };
  }

  /** The buttons or list items a content message shows under its body, for the outbox page. */
  optionsOf(sid: string): Array<{ title: string; id: string; description?: string }> {
    const types = this.contents.get(sid)?.types ?? {};
    const buttons = types['twilio/quick-reply']?.actions;
    const items = types['twilio/list-picker']?.items;
    if (Array.isArray(buttons)) {
      return (buttons as Array<{ title: string; id: string }>).map(({ title, id }) => ({
        title,
        id,
      }));
    }
    if (Array.isArray(items)) {
      return (items as Array<{ item: string; id: string; description?: string }>).map(
        ({ item, id, description }) => ({
          title: item,
          id,
          ...(description ? { description } : {}),
        }),
      );
    }
    return [];
  }

  contentList(): ContentResource[] {
    return [...this.contents.values()];
  }

  inboundDeliveries(): readonly WhatsappDelivery[] {
    return this.inbound.list();
  }

  /** She writes (or taps a button) on WhatsApp: her window opens and the signed webhook goes out. */
  async injectInbound(injection: WhatsappInjection): Promise<WhatsappDelivery> {
    const messageSid = newMessageSid(false);
    const now = new Date();
    this.lastInbound.set(injection.from, now);
    const params: Record<string, string> = {
      SmsMessageSid: messageSid,
      NumMedia: '0',
      ProfileName: injection.profileName ?? 'Customer',
      MessageType: injection.buttonPayload ? 'button' : 'text',
      SmsSid: messageSid,
      WaId: injection.from.replace(/^\+/, ''),
      SmsStatus: 'received',
      Body: injection.body,
      To: `${WA}${this.options.sender}`,
      NumSegments: '1',
      ReferralNumMedia: '0',
      MessageSid: messageSid,
      AccountSid: this.options.accountSid,
      From: `${WA}${injection.from}`,
      ApiVersion: '2010-04-01',
      ...(injection.buttonPayload
        ? {
            ButtonPayload: injection.buttonPayload,
            ButtonText: injection.buttonText ?? injection.body,
          }
        : {}),
    };
    const response = await postSignedWebhook(
      this.options.webhookUrl(),
      params,
      this.options.authToken,
    );
    const delivery: WhatsappDelivery = {
      messageSid,
      from: injection.from,
      body: injection.body,
      ...(injection.buttonPayload ? { buttonPayload: injection.buttonPayload } : {}),
      at: now,
      webhookStatus: response.status,
    };
    this.inbound.add(delivery);
    return delivery;
  }
}
