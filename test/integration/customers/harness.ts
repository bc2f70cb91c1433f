import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { CampaignLinkTokens } from '../../../src/domain/customers/campaign-link-token';
import { CustomerService } from '../../../src/domain/customers/customer-service';
import type { SmsCodeSender } from '../../../src/domain/customers/identity-ports';
import { IdentityService } from '../../../src/domain/customers/identity-service';
import { createCustomerModels } from '../../../src/domain/customers/models';
import type { CustomerModels } from '../../../src/domain/customers/models';
import { InteractionService } from '../../../src/domain/interactions/interaction-service';
import { createInteractionModels } from '../../../src/domain/interactions/models';
import type { InteractionModels } from '../../../src/domain/interactions/models';
import { fixedClock } from '../../../src/domain/shared/clock';
import type {
  DomainEventMap,
  DomainEventName,
  DomainEventPublisher,
} from '../../../src/domain/shared/events';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';

/** Keeps every published event in order, for assertions on what was raised and how often. */
export class RecordingPublisher implements DomainEventPublisher {
  readonly events: Array<{ name: DomainEventName; payload: unknown }> = [];

  async publish<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): Promise<void> {
    this.events.push({ name, payload });
  }

  named<N extends DomainEventName>(name: N): Array<DomainEventMap[N]> {
    return this.events
      .filter((event) => event.name === name)
      .map((event) => event.payload as DomainEventMap[N]);
  }
}

/** The SMS code port as an outbox: what Twilio would have delivered, readable by the test. */
export class SmsCodeOutbox implements SmsCodeSender {
  readonly sent: Array<{ to: string; code: string }> = [];

  async sendCode(toE164: string, code: string): Promise<void> {
    this.sent.push({ to: toE164, code });
  }

  lastCodeFor(to: string): string {
    const found = [...this.sent].reverse().find((message) => message.to === to);
    if (!found) throw new Error(`no code was sent to ${to}`);
    return found.code;
  }
}

export const campaignLinkSecret = 'integration-campaign-link-secret';

export interface CustomersHarness {
  mongo: TestMongo;
  connection: Connection;
  models: CustomerModels & InteractionModels;
  events: RecordingPublisher;
  outbox: SmsCodeOutbox;
  clock: ReturnType<typeof fixedClock>;
  customers: CustomerService;
  interactions: InteractionService;
  identities: IdentityService;
  close(): Promise<void>;
}

export async function startCustomersHarness(): Promise<CustomersHarness> {
  const mongo = await startTestMongo();
  const connection = await mongoose.createConnection(mongo.uri).asPromise();
  const models = { ...createCustomerModels(connection), ...createInteractionModels(connection) };
  await Promise.all(Object.values(models).map((model) => model.init()));
  const events = new RecordingPublisher();
  const outbox = new SmsCodeOutbox();
  const clock = fixedClock('2025-06-01T09:00:00Z');
  const customers = new CustomerService(models, events, clock);
  const interactions = new InteractionService(models, events, clock);
  const identities = new IdentityService(models, customers, events, {
    smsCodeSecret: 'integration-sms-code-secret',
    smsCodeSender: outbox,
    campaignLinks: new CampaignLinkTokens(campaignLinkSecret),
    timeline: interactions,
    clock,
  });
  identities.registerMergeParticipant(interactions);
  return {
    mongo,
    connection,
    models,
    events,
    outbox,
    clock,
    customers,
    interactions,
    identities,
    async close() {
      await connection.close();
      await mongo.stop();
    },
  };
}

let sequence = 0;

/** A UK consumer like Stacy with a fresh number from Ofcom's drama range (07700 900000-900999). */
export function ukMobile(): string {
  sequence += 1;
  return `+4477009${String(100 + ((process.pid + sequence * 37) % 900)).padStart(5, '0')}`;
}
