import type { Connection, Model, Schema } from 'mongoose';
import { cartSchema } from './cart-model';
import type { Cart } from './cart-model';
import { orderSchema } from './order-model';
import type { Order } from './order-model';
import { quoteSchema } from './quote-model';
import type { Quote } from './quote-model';

export interface CommerceModels {
  Cart: Model<Cart>;
  Quote: Model<Quote>;
  Order: Model<Order>;
}

function modelOn<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/** Registers the commerce models on one connection (never on the global mongoose). */
export function createCommerceModels(connection: Connection): CommerceModels {
  return {
    Cart: modelOn(connection, 'Cart', cartSchema),
    Quote: modelOn(connection, 'Quote', quoteSchema),
    Order: modelOn(connection, 'ProductOrder', orderSchema),
  };
}
