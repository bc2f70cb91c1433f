import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { AppError } from '../../domain/shared/errors';
import { newId } from '../../domain/shared/ids';
import { newHubSecret } from './hub-signature';

export const productOrderEventTypes = [
  'ProductOrderCreateEvent',
  'ProductOrderStateChangeEvent',
] as const;
export type ProductOrderEventType = (typeof productOrderEventTypes)[number];

export interface HubSubscription {
  _id: string;
  callback: string;
  /** As registered (TMF630), e.g. `eventType=ProductOrderStateChangeEvent`. */
  query: string;
  /** Parsed from `query`; empty means every event type. */
  eventTypes: ProductOrderEventType[];
  secret: string;
  createdBy: string;
  createdAt: Date;
}

const hubSubscriptionSchema = new Schema<HubSubscription>(
  {
    _id: { type: String, required: true },
    callback: { type: String, required: true },
    query: { type: String, default: '' },
    eventTypes: { type: [String], default: [] },
    secret: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'productOrderHubSubscriptions' },
);

/**
 * TMF630 hub query: `eventType=A` or `eventType=A,B` (several `eventType` pairs work too). Anything
 * else is refused, so a listener never believes it filtered on something that was ignored.
 */
export function parseHubQuery(query: string): ProductOrderEventType[] {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  const types = new Set<ProductOrderEventType>();
  for (const [key, value] of params) {
    if (key !== 'eventType') {
      throw new AppError(
        'VALIDATION_FAILED',
        `Unsupported hub query attribute "${key}"; use eventType`,
        {
          supported: ['eventType'],
        },
      );
    }
    for (const type of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      if (!(productOrderEventTypes as readonly string[]).includes(type)) {
        throw new AppError('VALIDATION_FAILED', `Unknown event type "${type}"`, {
          eventTypes: [...productOrderEventTypes],
        });
      }
      types.add(type as ProductOrderEventType);
    }
  }
  return [...types];
}

/** Listener registrations for the TMF622 hub, in MongoDB so every node and worker sees them. */
export class HubSubscriptionStore {
  private readonly model: Model<HubSubscription>;

  constructor(connection: Connection) {
    this.model =
      (connection.models.ProductOrderHubSubscription as Model<HubSubscription> | undefined) ??
      connection.model<HubSubscription>('ProductOrderHubSubscription', hubSubscriptionSchema);
  }

  async register(input: {
    callback: string;
    query: string;
    createdBy: string;
  }): Promise<HubSubscription> {
    const subscription: HubSubscription = {
      _id: newId('hub'),
      callback: input.callback,
      query: input.query,
      eventTypes: parseHubQuery(input.query),
      secret: newHubSecret(),
      createdBy: input.createdBy,
      createdAt: new Date(),
    };
    await this.model.create(subscription);
    return subscription;
  }

  async find(id: string): Promise<HubSubscription | undefined> {
    return (await this.model.findById(id).lean<HubSubscription>()) ?? undefined;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: id });
    return result.deletedCount === 1;
  }

  async listenersFor(eventType: ProductOrderEventType): Promise<HubSubscription[]> {
    return this.model
      .find({ $or: [{ eventTypes: { $size: 0 } }, { eventTypes: eventType }] })
      .lean<HubSubscription[]>();
  }
}
