import type { Model } from 'mongoose';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import { newId } from '../shared/ids';
import { partyKey } from '../shared/party';
import type { PartyRef } from '../shared/party';
import { isDuplicateKeyError } from './after-write';
import { historyEntry, pauseBeforeRetry } from './cart-history';
import type { ChangeContext } from './cart-inputs';
import { HISTORY_LIMIT } from './cart-model';
import type { Cart, CartChangeKind, CartItem } from './cart-model';
import type { VisitorMergeParticipant } from './ports';

export interface VisitorCartMergeDeps {
  carts: Model<Cart>;
  clock: Clock;
  /** Raises cart.updated and records the change once the merge is written. */
  announce(
    cart: Cart,
    context: ChangeContext,
    kind: CartChangeKind,
    summary: string,
  ): Promise<void>;
  maxAttempts?: number;
}

/** The visitor changed her cart while it was being merged; the merge starts again. */
class CartMoved extends Error {}

/**
 * Linking a visitor to a customer brings the visitor's cart along, once: into the customer's cart
 * (items she already has are not doubled) or, if she has none, the visitor cart becomes hers.
 */
export class VisitorCartMerge implements VisitorMergeParticipant {
  private readonly maxAttempts: number;

  constructor(private readonly deps: VisitorCartMergeDeps) {
    this.maxAttempts = deps.maxAttempts ?? 10;
  }

  private async findCartOf(party: PartyRef): Promise<Cart | undefined> {
    return (await this.deps.carts.findOne({ partyKey: partyKey(party) }).lean<Cart>()) ?? undefined;
  }

  /** Moves a linked visitor's cart into the customer's, once (see VisitorMergeParticipant). */
  async mergeVisitor(visitorId: string, customerId: string): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const visitorCart = await this.findCartOf({ visitorId });
      if (!visitorCart) return;
      const channel = visitorCart.updatedBy.channel;
      const context: ChangeContext = { channel };
      const customerCart = await this.findCartOf({ customerId });
      const merged = customerCart
        ? await this.mergeInto(customerCart, visitorCart, visitorId)
        : await this.adopt(visitorCart, visitorId, customerId);
      if (merged) {
        await this.deps.announce(
          merged,
          context,
          'mergeVisitor',
          `Visitor cart merged (${visitorCart.items.length} item(s))`,
        );
        return;
      }
      await pauseBeforeRetry(attempt);
    }
    throw new AppError(
      'VERSION_CONFLICT',
      `Could not merge the cart of visitor ${visitorId}; retry`,
    );
  }

  /** The customer has no cart yet: the visitor's becomes hers in one conditional update. */
  private async adopt(
    visitorCart: Cart,
    visitorId: string,
    customerId: string,
  ): Promise<Cart | undefined> {
    const now = this.deps.clock.now();
    const version = visitorCart.version + 1;
    try {
      const adopted = await this.deps.carts
        .findOneAndUpdate(
          { _id: visitorCart._id, version: visitorCart.version },
          {
            $set: {
              partyKey: partyKey({ customerId }),
              customerId,
              updatedBy: { channel: visitorCart.updatedBy.channel, at: now },
            },
            $unset: { visitorId: 1 },
            $inc: { version: 1 },
            $push: {
              mergedVisitorIds: visitorId,
              history: {
                $each: [
                  historyEntry(
                    version,
                    'mergeVisitor',
                    { channel: visitorCart.updatedBy.channel },
                    now,
                    'Visitor cart became the customer cart',
                  ),
                ],
                $slice: -HISTORY_LIMIT,
              },
            },
          },
          { returnDocument: 'after' },
        )
        .lean<Cart>();
      return adopted ?? undefined;
    } catch (error) {
      // The customer got a cart meanwhile: the next attempt merges into it.
      if (isDuplicateKeyError(error)) return undefined;
      throw error;
    }
  }

  /** Both exist: append the visitor's items the customer does not already have, delete the visitor cart. */
  private async mergeInto(
    customerCart: Cart,
    visitorCart: Cart,
    visitorId: string,
  ): Promise<Cart | undefined> {
    const signature = (item: CartItem) =>
      JSON.stringify([
        item.action,
        item.offeringId,
        item.subscriptionId ?? null,
        item.characteristics,
      ]);
    const held = new Set(customerCart.items.map(signature));
    const ids = new Set(customerCart.items.map((item) => item.id));
    const moved = visitorCart.items
      .filter((item) => !held.has(signature(item)))
      .map((item) => (ids.has(item.id) ? { ...item, id: newId('item') } : item));
    const now = this.deps.clock.now();
    const version = customerCart.version + 1;
    const channel = visitorCart.updatedBy.channel;
    return this.deps.carts.db
      .transaction(async (session) => {
        const updated = await this.deps.carts
          .findOneAndUpdate(
            { _id: customerCart._id, version: customerCart.version },
            {
              $set: {
                items: [...customerCart.items, ...moved],
                updatedBy: { channel, at: now },
                ...(customerCart.campaignId === undefined && visitorCart.campaignId !== undefined
                  ? { campaignId: visitorCart.campaignId }
                  : {}),
              },
              $inc: { version: 1 },
              $push: {
                mergedVisitorIds: visitorId,
                history: {
                  $each: [
                    historyEntry(
                      version,
                      'mergeVisitor',
                      { channel },
                      now,
                      `Merged ${moved.length} item(s) from the visitor cart`,
                    ),
                  ],
                  $slice: -HISTORY_LIMIT,
                },
              },
            },
            { returnDocument: 'after', session },
          )
          .lean<Cart>();
        if (!updated) return undefined;
        const removed = await this.deps.carts.deleteOne(
          { _id: visitorCart._id, version: visitorCart.version },
          { session },
        );
        if (removed.deletedCount !== 1) {
          // The visitor changed the cart meanwhile: undo and merge the newer one.
          throw new CartMoved();
        }
        return updated;
      })
      .catch((error: unknown) => {
        if (error instanceof CartMoved) return undefined;
        throw error;
      });
  }
}
