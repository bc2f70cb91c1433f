import type { Model } from 'mongoose';
import type { TimelineRecorder } from '../interactions/interaction';
import { channelSchema } from '../shared/channel';
import type { Channel } from '../shared/channel';
import type { Clock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import { toMajorUnits } from '../shared/money';
import { runAfterWrite } from './after-write';
import type { SideEffectErrorReporter } from './after-write';
import { partyOf } from './cart-service';
import type { CartService } from './cart-service';
import { freezePricedItems } from './priced-items';
import type { Quote } from './quote-model';
import { assertQuoteTransition, isQuoteExpired, quoteStateSchema } from './quote-state';
import type { QuoteState } from './quote-state';

export interface QuoteView {
  quote: Quote;
  expired: boolean;
}

export interface QuoteServiceDeps {
  quotes: Model<Quote>;
  carts: CartService;
  timeline: TimelineRecorder;
  events: DomainEventPublisher;
  clock: Clock;
  reportError: SideEffectErrorReporter;
  /** How long a quote's prices hold. */
  validityDays?: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Priced, time-limited snapshots of a cart that any channel can open by id. */
export class QuoteService {
  private readonly validityMs: number;

  constructor(private readonly deps: QuoteServiceDeps) {
    this.validityMs = (deps.validityDays ?? 7) * DAY_MS;
  }

  async createQuote(cartId: string, rawChannel: Channel, actorId?: string): Promise<QuoteView> {
    const channel = channelSchema.parse(rawChannel);
    const { cart, price, problems } = await this.deps.carts.getCart(cartId, channel);
    if (cart.items.length === 0) {
      throw new AppError('UNPROCESSABLE', 'An empty cart cannot be quoted', { cartId });
    }
    if (problems.length > 0) {
      throw new AppError(
        'UNPROCESSABLE',
        `Some items can no longer be sold: ${problems.map((problem) => problem.message).join('; ')}`,
        { cartId, problems },
      );
    }
    const now = this.deps.clock.now();
    const quote: Quote = {
      _id: newId('quote'),
      cartId,
      cartVersion: cart.version,
      ...partyOf(cart),
      channel,
      state: 'approved',
      items: freezePricedItems(cart.items, price),
      totals: price.totals,
      currency: price.currency,
      ...(cart.campaignId ? { campaignId: cart.campaignId } : {}),
      validFor: { startDateTime: now, endDateTime: new Date(now.getTime() + this.validityMs) },
      quoteDate: now,
      lastUpdate: now,
      stateHistory: [{ to: 'approved', at: now, channel }],
    };
    await this.deps.quotes.create(quote);
    const monthly = toMajorUnits(price.totals.recurring);
    const once = toMajorUnits(price.totals.oneTime);
    await runAfterWrite(
      [
        [
          'quote.created',
          () =>
            this.deps.events.publish('quote.created', {
              quoteId: quote._id,
              cartId,
              ...(quote.customerId ? { customerId: quote.customerId } : {}),
            }),
        ],
        [
          'quote interaction',
          () =>
            this.deps.timeline.record({
              party: partyOf(quote),
              kind: 'quote',
              channel,
              direction: 'outbound',
              summary: `Quote for ${quote.items.length} item(s): ${monthly} ${price.currency}/month, ${once} ${price.currency} once`,
              ref: { type: 'quote', id: quote._id },
              details: {
                cartId,
                cartVersion: cart.version,
                validUntil: quote.validFor.endDateTime.toISOString(),
                ...(actorId ? { actorId } : {}),
              },
              dedupeKey: `quote:${quote._id}`,
            }),
        ],
      ],
      this.deps.reportError,
    );
    return this.view(quote);
  }

  async getQuote(quoteId: string): Promise<QuoteView> {
    const quote = await this.deps.quotes.findById(quoteId).lean<Quote>();
    if (!quote) throw new AppError('NOT_FOUND', `No quote ${quoteId}`, { quoteId });
    return this.view(quote);
  }

  async listQuotes(
    filter: Record<string, unknown>,
    page: { offset: number; limit: number },
  ): Promise<{ quotes: QuoteView[]; total: number }> {
    const [quotes, total] = await Promise.all([
      this.deps.quotes
        .find(filter)
        .sort({ quoteDate: -1, _id: 1 })
        .skip(page.offset)
        .limit(page.limit)
        .lean<Quote[]>(),
      this.deps.quotes.countDocuments(filter),
    ]);
    return { quotes: quotes.map((quote) => this.view(quote)), total };
  }

  /** Accept, reject or cancel; conditional on the state read, so two channels cannot both decide. */
  async changeState(quoteId: string, rawTo: QuoteState, rawChannel: Channel): Promise<QuoteView> {
    const to = quoteStateSchema.parse(rawTo);
    const channel = channelSchema.parse(rawChannel);
    const { quote, expired } = await this.getQuote(quoteId);
    if (quote.state === to) return this.view(quote);
    assertQuoteTransition(quote.state, to, expired);
    const now = this.deps.clock.now();
    const updated = await this.deps.quotes
      .findOneAndUpdate(
        { _id: quoteId, state: quote.state },
        {
          $set: { state: to, lastUpdate: now },
          $push: { stateHistory: { from: quote.state, to, at: now, channel } },
        },
        { returnDocument: 'after' },
      )
      .lean<Quote>();
    if (!updated) {
      throw new AppError('CONFLICT', `Quote ${quoteId} changed state meanwhile; read it again`, {
        quoteId,
      });
    }
    return this.view(updated);
  }

  private view(quote: Quote): QuoteView {
    return { quote, expired: isQuoteExpired(quote.validFor.endDateTime, this.deps.clock.now()) };
  }
}
