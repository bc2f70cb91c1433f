import { parseSmsKeyword } from '../../../domain/messaging';
import type { Logger } from '../../../infra/logger';
import { newMessageSid } from '../message-sid';
import type { FormParams } from '../webhook-signature';
import { hasBasicCredentials } from './basic-auth';
import { BoundedLog } from './bounded-log';
import { isTwilioErrorResponse, parseCreateMessageRequest } from './create-message-request';
import type { CreateMessageRequest } from './create-message-request';
import { WhatsappStandIn } from './whatsapp-stand-in';
import type { WhatsappStandInOptions } from './whatsapp-stand-in';
import { FailureInjection } from './failure-injection';
import type { InjectedFailure } from './failure-injection';
import { InboundSmsInjector } from './inbound-sms-injector';
import type { InboundDelivery, InboundInjection } from './inbound-sms-injector';
import { toMessageResource } from './outbox-message';
import type { OutboxMessage } from './outbox-message';
import { countSegments } from './segments';
import { StatusCallbacks } from './status-callbacks';
import { twilioError } from './twilio-error';
import type { TwilioErrorBody } from './twilio-error';

export interface TwilioStandInOptions {
  accountSid: string;
  authToken: string;
  fromNumber: string;
  messagingServiceSid: string | undefined;
  /** Where Twilio would post incoming messages: PUBLIC_BASE_URL + /webhooks/twilio/sms. */
  inboundWebhookUrl: () => string;
  statusStepDelayMs?: number;
  logger: Logger;
}

export interface StandInReply {
  status: number;
  body: Record<string, unknown> | TwilioErrorBody;
}

/**
 * Twilio's Messages API for one account, in process: Twilio's validation and error codes, an
 * outbox, signed status callbacks, Twilio's own STOP list, and signed inbound messages on demand.
 */
export class TwilioStandIn {
  private readonly outbox = new BoundedLog<OutboxMessage>();
  private readonly inbound = new BoundedLog<InboundDelivery>();
  private readonly failures = new FailureInjection();
  // Twilio blocks sending to a number that texted STOP, whatever the application does.
  private readonly optedOut = new Set<string>();
  private readonly callbacks: StatusCallbacks;
  private readonly injector: InboundSmsInjector;
  private whatsapp: WhatsappStandIn | undefined;

  constructor(private readonly options: TwilioStandInOptions) {
    this.callbacks = new StatusCallbacks({
      authToken: options.authToken,
      stepDelayMs: options.statusStepDelayMs ?? 50,
      logger: options.logger,
    });
    this.injector = new InboundSmsInjector({
      accountSid: options.accountSid,
      authToken: options.authToken,
      ownNumber: options.fromNumber,
      messagingServiceSid: options.messagingServiceSid,
      webhookUrl: options.inboundWebhookUrl,
    });
  }

  /** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`. */
  createMessage(
    authorization: string | undefined,
    pathAccountSid: string,
    params: FormParams,
  ): StandInReply {
    const { accountSid, authToken } = this.options;
    if (!hasBasicCredentials(authorization, accountSid, authToken)) {
      return twilioError(401, 20003, 'Authenticate');
    }
    if (pathAccountSid !== accountSid) {
      return twilioError(
        404,
        20404,
        `The requested resource /2010-04-01/Accounts/${pathAccountSid}/Messages.json was not found`,
      );
    }
    const injected = this.failures.take();
    if (injected) return injected;
    const request = parseCreateMessageRequest(params, {
      fromNumber: this.options.fromNumber,
      messagingServiceSid: this.options.messagingServiceSid,
    });
    if (isTwilioErrorResponse(request)) return request;
    if (WhatsappStandIn.isWhatsappAddress(request.to)) return this.createWhatsapp(request);
    if (this.optedOut.has(request.to)) {
      return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    }
    const now = new Date();
    const message: OutboxMessage = {
      sid: newMessageSid(request.mediaUrls.length > 0),
      accountSid,
      to: request.to,
      // A Messaging Service picks the sender after accepting the message.
      from: request.messagingServiceSid ? null : request.from,
      messagingServiceSid: request.messagingServiceSid,
      body: request.body,
      mediaUrls: request.mediaUrls,
      status: request.messagingServiceSid ? 'accepted' : 'queued',
      numSegments: countSegments(request.body),
      statusCallback: request.statusCallback,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.outbox.add(message);
    const reply = { status: 201, body: toMessageResource(message) };
    if (message.messagingServiceSid) message.from = this.options.fromNumber;
    this.callbacks.start(message);
    return reply;
  }

  /** Serves this WhatsApp sender on the same Messages API (the WhatsApp connector calls it). */
  enableWhatsapp(
    options: Omit<WhatsappStandInOptions, 'accountSid' | 'authToken'>,
  ): WhatsappStandIn {
    this.whatsapp = new WhatsappStandIn({
      ...options,
      accountSid: this.options.accountSid,
      authToken: this.options.authToken,
    });
    return this.whatsapp;
  }

  private createWhatsapp(request: CreateMessageRequest): StandInReply {
    if (!this.whatsapp) {
      return twilioError(
        400,
        63007,
        'Twilio could not find a Channel with the specified From address',
      );
    }
    const accepted = this.whatsapp.accept(request);
    if ('status' in accepted) return accepted;
    const now = new Date();
    const message: OutboxMessage = {
      sid: newMessageSid(false),
      accountSid: this.options.accountSid,
      to: request.to,
      from: request.from,
      messagingServiceSid: null,
      body: accepted.body,
      mediaUrls: [],
      status: 'queued',
      numSegments: 1,
      statusCallback: request.statusCallback,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      contentSid: accepted.contentSid,
      ...(accepted.failWith !== undefined ? { failWith: accepted.failWith } : {}),
    };
    this.outbox.add(message);
    const reply = { status: 201, body: toMessageResource(message) };
    this.callbacks.start(message);
    return reply;
  }

  /** Makes the next `count` create-message requests fail (after authentication) with `failure`. */
  failNext(count: number, failure: InjectedFailure): void {
    this.failures.failNext(count, failure);
  }

  /** The outbox as the development page lists it: Twilio's resource, and the content sent. */
  messages(): Array<Record<string, unknown>> {
    return this.outbox.list().map((message) => ({
      ...toMessageResource(message),
      ...(message.contentSid
        ? {
            content_sid: message.contentSid,
            content_options: this.whatsapp?.optionsOf(message.contentSid) ?? [],
          }
        : {}),
    }));
  }

  /** Everything written to the service, SMS and WhatsApp together, as the page lists it. */
  everythingReceived(): InboundDelivery[] {
    const whatsapp = this.whatsapp;
    const onWhatsapp: InboundDelivery[] = whatsapp
      ? whatsapp.inboundDeliveries().map((delivery) => ({
          messageSid: delivery.messageSid,
          from: `whatsapp:${delivery.from}`,
          to: `whatsapp:${whatsapp.sender}`,
          body: delivery.buttonPayload
            ? `${delivery.body}  (tapped ${delivery.buttonPayload})`
            : delivery.body,
          mediaUrls: [],
          at: delivery.at,
          webhookStatus: delivery.webhookStatus,
        }))
      : [];
    return [...this.inbound.list(), ...onWhatsapp].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** The WhatsApp part, once the WhatsApp connector enabled it. */
  whatsappPart(): WhatsappStandIn | undefined {
    return this.whatsapp;
  }

  inboundDeliveries(): readonly InboundDelivery[] {
    return this.inbound.list();
  }

  /** A handset texts our number: Twilio's STOP handling, then the signed webhook. */
  async injectInbound(injection: InboundInjection): Promise<InboundDelivery> {
    const keyword = parseSmsKeyword(injection.body);
    if (keyword === 'opt-out') this.optedOut.add(injection.from);
    if (keyword === 'opt-in') this.optedOut.delete(injection.from);
    const { delivery } = await this.injector.deliver(injection);
    this.inbound.add(delivery);
    return delivery;
  }

  reset(): void {
    this.failures.clear();
    this.optedOut.clear();
  }

  close(): void {
    this.callbacks.close();
  }
}
