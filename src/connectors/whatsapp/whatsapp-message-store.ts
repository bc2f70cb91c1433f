import { isDuplicateKeyError } from '../../domain/shared/duplicate-key';
import { newId } from '../../domain/shared/ids';
import { statusRank } from './whatsapp-message-model';
import type {
  WhatsappMessage,
  WhatsappMessageModel,
  WhatsappStatus,
} from './whatsapp-message-model';

export interface InboundWhatsapp {
  twilioSid: string;
  number: string;
  body: string;
  buttonPayload?: string;
  buttonText?: string;
}

export interface OutboundWhatsapp {
  number: string;
  body: string;
  purpose: 'conversational' | 'marketing' | 'transactional';
  contentSid?: string;
  template?: string;
  idempotencyKey?: string;
}

/** The connector's records: inbound messages (which open her window) and what was sent to her. */
export class WhatsappMessageStore {
  constructor(private readonly model: WhatsappMessageModel) {}

  /** Stores an inbound message once; a redelivery finds the first record. */
  async acceptInbound(
    message: InboundWhatsapp,
  ): Promise<{ record: WhatsappMessage; duplicate: boolean }> {
    const record: WhatsappMessage = {
      _id: newId('wam'),
      direction: 'inbound',
      twilioSid: message.twilioSid,
      number: message.number,
      body: message.body,
      ...(message.buttonPayload ? { buttonPayload: message.buttonPayload } : {}),
      ...(message.buttonText ? { buttonText: message.buttonText } : {}),
      status: 'received',
      statusRank: 0,
    };
    try {
      await this.model.create(record);
      return { record, duplicate: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.model
        .findOne({ twilioSid: message.twilioSid })
        .lean<WhatsappMessage>();
      if (!existing) throw error;
      return { record: existing, duplicate: true };
    }
  }

  async findById(id: string): Promise<WhatsappMessage | undefined> {
    return (await this.model.findById(id).lean<WhatsappMessage>()) ?? undefined;
  }

  async markHandled(id: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { handledAt: new Date() } });
  }

  /** When she last wrote to us: her customer-service window runs from then. */
  async lastInboundAt(number: string): Promise<Date | undefined> {
    const latest = await this.model
      .findOne({ number, direction: 'inbound' }, { createdAt: 1 })
      .sort({ createdAt: -1 })
      .lean<Pick<WhatsappMessage, 'createdAt'>>();
    return latest?.createdAt ?? undefined;
  }

  /** Records a message about to be sent, once per key; a retry gets the first record back. */
  async recordOutbound(
    message: OutboundWhatsapp,
  ): Promise<{ record: WhatsappMessage; existing: boolean }> {
    const record: WhatsappMessage = {
      _id: newId('wam'),
      direction: 'outbound',
      number: message.number,
      body: message.body,
      purpose: message.purpose,
      ...(message.contentSid ? { contentSid: message.contentSid } : {}),
      ...(message.template ? { template: message.template } : {}),
      ...(message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : {}),
      status: 'pending',
      statusRank: 0,
    };
    try {
      await this.model.create(record);
      return { record, existing: false };
    } catch (error) {
      if (!message.idempotencyKey || !isDuplicateKeyError(error)) throw error;
      const existing = await this.model
        .findOne({ idempotencyKey: message.idempotencyKey })
        .lean<WhatsappMessage>();
      if (!existing) throw error;
      return { record: existing, existing: true };
    }
  }

  async markAccepted(id: string, twilioSid: string, status: WhatsappStatus): Promise<void> {
    await this.model.updateOne(
      { _id: id },
      { $set: { twilioSid, status, statusRank: statusRank[status] } },
    );
  }

  /** A status callback: moves forward only, and keeps Twilio's error code (63016: window closed). */
  async applyStatus(id: string, status: WhatsappStatus, errorCode?: number): Promise<boolean> {
    const rank = statusRank[status];
    const result = await this.model.updateOne(
      { _id: id, direction: 'outbound', statusRank: { $lte: rank } },
      { $set: { status, statusRank: rank, ...(errorCode !== undefined ? { errorCode } : {}) } },
    );
    return result.matchedCount > 0;
  }

  /** Inbound messages accepted this long ago and still not acted on (their job was lost). */
  async unhandledOlderThan(ms: number, limit: number): Promise<WhatsappMessage[]> {
    return this.model
      .find({
        direction: 'inbound',
        handledAt: { $exists: false },
        createdAt: { $lt: new Date(Date.now() - ms) },
      })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<WhatsappMessage[]>();
  }
}
