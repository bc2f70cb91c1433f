import type { Connection } from 'mongoose';
import type { TimelineRecorder } from '../interactions/interaction';
import type { Clock } from '../shared/clock';
import type { DomainEventPublisher } from '../shared/events';
import { ActivationService } from './activation-service';
import type { SideEffectErrorReporter } from './after-write';
import { CartService } from './cart-service';
import { createCommerceModels } from './commerce-models';
import type { CommerceModels } from './commerce-models';
import { OrderService } from './order-service';
import { OrderStateWriter } from './order-state-writer';
import type {
  ActivationScheduler,
  CatalogSnapshotSource,
  CustomerContextSource,
  ProvisioningPort,
  SubscriptionUpdater,
} from './ports';
import type { AgentDiscountLimits } from './pricing-agent-discount';
import { QuoteService } from './quote-service';

export interface CommerceDeps {
  connection: Connection;
  catalog: CatalogSnapshotSource;
  customers: CustomerContextSource;
  subscriptions: SubscriptionUpdater;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  provisioning: ProvisioningPort;
  activationScheduler: ActivationScheduler;
  clock: Clock;
  reportError: SideEffectErrorReporter;
  quoteValidityDays?: number;
  agentDiscountLimits?: AgentDiscountLimits;
}

export interface CommerceServices {
  models: CommerceModels;
  carts: CartService;
  quotes: QuoteService;
  orders: OrderService;
  activation: ActivationService;
}

/** Wires the commerce context's services over one MongoDB connection. */
export function createCommerceServices(deps: CommerceDeps): CommerceServices {
  const models = createCommerceModels(deps.connection);
  const common = {
    timeline: deps.timeline,
    events: deps.events,
    clock: deps.clock,
    reportError: deps.reportError,
  };
  const carts = new CartService({
    ...common,
    carts: models.Cart,
    catalog: deps.catalog,
    customers: deps.customers,
    ...(deps.agentDiscountLimits ? { agentDiscountLimits: deps.agentDiscountLimits } : {}),
  });
  const stateWriter = new OrderStateWriter({ ...common, orders: models.Order });
  return {
    models,
    carts,
    quotes: new QuoteService({
      ...common,
      quotes: models.Quote,
      carts,
      ...(deps.quoteValidityDays === undefined ? {} : { validityDays: deps.quoteValidityDays }),
    }),
    orders: new OrderService({
      ...common,
      orders: models.Order,
      carts,
      cartModel: models.Cart,
      stateWriter,
      activation: deps.activationScheduler,
    }),
    activation: new ActivationService({
      orders: models.Order,
      stateWriter,
      provisioning: deps.provisioning,
      subscriptions: deps.subscriptions,
      clock: deps.clock,
    }),
  };
}
