/**
 * A runtime with the commerce feature over the embedded MongoDB and the suite's Redis, with small
 * real implementations of the ports other contexts own (catalog snapshot from the fixture catalog,
 * customer contexts and subscriptions in memory, a timeline that honours dedupe keys).
 */
import { buildCatalogSnapshot } from '../../../src/domain/catalog/catalog-snapshot';
import type { CatalogSnapshot } from '../../../src/domain/catalog/catalog-snapshot';
import type { CustomerContext } from '../../../src/domain/catalog/customer-context';
import type {
  CatalogSnapshotSource,
  CompletedOrderItems,
  CustomerContextSource,
  SubscriptionUpdater,
} from '../../../src/domain/commerce/ports';
import type {
  Interaction,
  NewInteraction,
  TimelineRecorder,
} from '../../../src/domain/interactions/interaction';
import { fixedClock } from '../../../src/domain/shared/clock';
import type { DomainEvent } from '../../../src/domain/shared/events';
import { newId } from '../../../src/domain/shared/ids';
import type { PartyRef } from '../../../src/domain/shared/party';
import type { Principal } from '../../../src/domain/shared/principal';
import {
  startProvisioningStandIn,
  type RunningProvisioningStandIn,
} from '../../../src/connectors/provisioning/stand-in';
import { HttpProvisioningClient } from '../../../src/connectors/provisioning/http-client';
import { createCommerceFeature } from '../../../src/features/commerce';
import type { CommerceFeature, CommerceFeatureOptions } from '../../../src/features/commerce';
import { TokenService } from '../../../src/infra/auth/tokens';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import {
  july15,
  newConsumer,
  stacy,
  telecomCatalog,
} from '../../unit/domain/fixtures/telecom-catalog';

export class FixtureCatalog implements CatalogSnapshotSource {
  private readonly snapshot: CatalogSnapshot = buildCatalogSnapshot(telecomCatalog());
  async current(): Promise<CatalogSnapshot> {
    return this.snapshot;
  }
}

/** Known customers by id; anyone else (and every visitor) gets a prospect's context. */
export class MemoryCustomers implements CustomerContextSource {
  readonly customers = new Map<string, CustomerContext>([['cust-stacy', stacy()]]);
  async contextFor(party: PartyRef, campaignIds: readonly string[] = []): Promise<CustomerContext> {
    const known = party.customerId ? this.customers.get(party.customerId) : undefined;
    const base = known ?? newConsumer(party.customerId ? { customerId: party.customerId } : {});
    return { ...base, campaignIds: [...new Set([...base.campaignIds, ...campaignIds])] };
  }
}

export class RecordingSubscriptions implements SubscriptionUpdater {
  readonly applied: CompletedOrderItems[] = [];
  async applyCompletedOrder(order: CompletedOrderItems): Promise<void> {
    this.applied.push(order);
  }
}

export class MemoryTimeline implements TimelineRecorder {
  readonly entries: Interaction[] = [];
  async record(entry: NewInteraction): Promise<Interaction> {
    const existing = entry.dedupeKey
      ? this.entries.find((candidate) => candidate.dedupeKey === entry.dedupeKey)
      : undefined;
    if (existing) return existing;
    const { occurredAt, ...rest } = entry;
    const interaction: Interaction = {
      ...rest,
      id: newId('ia'),
      occurredAt: occurredAt ?? new Date(),
    };
    this.entries.push(interaction);
    return interaction;
  }
}

export const apiKeys = {
  system: 'crm-system-secret-0123456789',
  agent: 'desk-agent-secret-0123456789',
  catalog: 'catalog-tool-secret-0123456789',
};

export interface CommerceHarness {
  runtime: TestRuntime;
  feature: CommerceFeature;
  provisioning: RunningProvisioningStandIn;
  customers: MemoryCustomers;
  subscriptions: RecordingSubscriptions;
  timeline: MemoryTimeline;
  events: DomainEvent[];
  clock: ReturnType<typeof fixedClock>;
  customerToken(customerId: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startCommerce(
  options: CommerceFeatureOptions = {},
): Promise<CommerceHarness> {
  const provisioning = await startProvisioningStandIn();
  const customers = new MemoryCustomers();
  const subscriptions = new RecordingSubscriptions();
  const timeline = new MemoryTimeline();
  const clock = fixedClock(july15);
  const events: DomainEvent[] = [];
  const feature = createCommerceFeature(
    {
      catalog: new FixtureCatalog(),
      customers,
      subscriptions,
      timeline,
      provisioning: new HttpProvisioningClient({ baseUrl: provisioning.url, timeoutMs: 5000 }),
    },
    {
      clock,
      activation: { attempts: 5, backoffDelayMs: 50 },
      hubDelivery: { attempts: 6, backoffDelayMs: 50, timeoutMs: 5000 },
      ...options,
    },
  );
  const runtime = await startTestRuntime({
    env: {
      API_KEYS: `crm:system:${apiKeys.system},desk:agent:${apiKeys.agent},catalog:catalog-manager:${apiKeys.catalog}`,
    },
    configure: async (ctx) => {
      ctx.events.subscribeAll((event) => {
        events.push(event);
      });
      await feature.configure(ctx);
    },
    configureApp: (ctx) => feature.configureApp(ctx),
  });
  const tokens = new TokenService(runtime.config.JWT_SECRET);
  return {
    runtime,
    feature,
    provisioning,
    customers,
    subscriptions,
    timeline,
    events,
    clock,
    customerToken: (customerId) => {
      const principal: Principal = {
        kind: 'customer',
        id: `user-${customerId}`,
        roles: ['customer'],
        customerId,
      };
      return tokens.issue(principal, 600);
    },
    stop: async () => {
      await runtime.stop();
      await provisioning.close();
    },
  };
}

/** Waits for a condition that a job or an event will make true; fails with `what` after a while. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function eventsNamed<N extends DomainEvent['name']>(
  events: DomainEvent[],
  name: N,
): DomainEvent<N>[] {
  return events.filter((event): event is DomainEvent<N> => event.name === name);
}
