import type { ConsentRegistry, SmsConsentSource } from '../messaging/ports';
import { mayReceiveSmsMarketing } from './consent';
import type { ConsentSource } from './customer';
import type { CustomerService } from './customer-service';

function customerSourceOf(source: SmsConsentSource): ConsentSource {
  switch (source.kind) {
    case 'sms-keyword':
      return 'sms-keyword';
    case 'carrier-rejection':
      return 'sms';
    case 'manual':
      return 'agent';
  }
}

/**
 * SMS marketing consent as the customer record holds it. A STOP or START from a customer's number
 * changes her own consent (with its history); the number-level list is still written, because a
 * STOP binds the number even where no customer owns it, and it outranks the record when both exist.
 * Marketing needs both: the number not opted out, and the customer's explicit opt-in.
 */
export class CustomerConsentRegistry implements ConsentRegistry {
  constructor(
    private readonly customers: Pick<CustomerService, 'findByIdentity' | 'setSmsMarketingConsent'>,
    private readonly numbers: ConsentRegistry,
  ) {}

  async isOptedIn(phone: string): Promise<boolean> {
    const [numberAllows, customer] = await Promise.all([
      this.numbers.isOptedIn(phone),
      this.customers.findByIdentity('sms', phone).catch(() => undefined),
    ]);
    return numberAllows && customer !== undefined && mayReceiveSmsMarketing(customer.consent);
  }

  async recordOptOut(phone: string, source: SmsConsentSource): Promise<void> {
    await this.numbers.recordOptOut(phone, source);
    await this.applyToCustomer(phone, 'opted-out', source);
  }

  async recordOptIn(phone: string, source: SmsConsentSource): Promise<void> {
    await this.numbers.recordOptIn(phone, source);
    await this.applyToCustomer(phone, 'opted-in', source);
  }

  private async applyToCustomer(
    phone: string,
    status: 'opted-in' | 'opted-out',
    source: SmsConsentSource,
  ): Promise<void> {
    const customer = await this.customers.findByIdentity('sms', phone).catch(() => undefined);
    if (!customer) return;
    await this.customers.setSmsMarketingConsent(customer.id, {
      status,
      source: customerSourceOf(source),
      at: source.at,
    });
  }
}
