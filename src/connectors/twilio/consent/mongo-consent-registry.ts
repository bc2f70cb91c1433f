import { toE164 } from '../../../domain/messaging';
import type { ConsentRegistry, SmsConsentSource } from '../../../domain/messaging';
import { isDuplicateKeyError } from '../../../domain/messaging/duplicate-key';
import type { SmsConsentDocument, SmsConsentModel } from './sms-consent-model';

/**
 * An interim SMS opt-out list in `sms_consents`, until consent is read from the customer record.
 * A number never seen is treated as not opted out, like a carrier's STOP list: the customer
 * record, which also captures opt-ins, is where "no record means no" belongs.
 */
export class MongoConsentRegistry implements ConsentRegistry {
  constructor(private readonly model: SmsConsentModel) {}

  async isOptedIn(phone: string): Promise<boolean> {
    const record = await this.model
      .findById(keyOf(phone), { status: 1 })
      .lean<Pick<SmsConsentDocument, 'status'>>();
    return record?.status !== 'opted-out';
  }

  /** Whether this number said STOP (or was reported unreachable) and has not opted back in. */
  async isOptedOut(phone: string): Promise<boolean> {
    return !(await this.isOptedIn(phone));
  }

  recordOptOut(phone: string, source: SmsConsentSource): Promise<void> {
    return this.record(phone, 'opted-out', source);
  }

  recordOptIn(phone: string, source: SmsConsentSource): Promise<void> {
    return this.record(phone, 'opted-in', source);
  }

  /**
   * Keywords are processed concurrently, so a STOP and a START sent a second apart can be applied
   * in either order: the decision taken last by the customer wins, in one conditional upsert.
   */
  private async record(
    phone: string,
    status: SmsConsentDocument['status'],
    source: SmsConsentSource,
  ): Promise<void> {
    try {
      await this.model.updateOne(
        { _id: keyOf(phone), decidedAt: { $lte: source.at } },
        {
          $set: {
            status,
            sourceKind: source.kind,
            reference: source.reference,
            decidedAt: source.at,
          },
        },
        { upsert: true },
      );
    } catch (error) {
      // The upsert collided with a newer decision for this number: that one stands.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

function keyOf(phone: string): string {
  return toE164(phone) ?? phone.trim();
}
