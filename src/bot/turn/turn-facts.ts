import type { TurnContext } from 'botbuilder';
import type { CatalogSnapshot } from '../../domain/catalog/catalog-snapshot';
import type { PartyOffers } from '../../domain/catalog/persistence/offer-service';
import type { CartView } from '../../domain/commerce/cart-service';
import type { Customer } from '../../domain/customers/customer';
import type { PartyRef } from '../../domain/shared/party';
import type { BotServices } from '../bot-services';
import type { BotChannel, HandoverRequest, InboundTurn } from '../conversation';
import { replyActivity } from '../adapter/reply-activity';
import { cartReply } from '../replies/cart-replies';
import type { UnitLookup } from '../replies/cart-replies';
import type { Reply } from '../rendering/reply';
import type { SalesMemory } from '../state/conversation-state';
import type { LanguageUnderstanding, Understanding } from '../understanding';
import { vocabularyOf } from './catalog-vocabulary';

const FACTS = Symbol('turn-facts');

/** Orders placed and not yet active: what is in them is on its way to her. */
const OPEN_ORDER_STATES = ['acknowledged', 'inProgress'];

/** Offers she will have that are not subscriptions yet. */
export interface HeldOfferings {
  inCart: ReadonlySet<string>;
  ordered: ReadonlySet<string>;
}

/**
 * Everything one turn knows, loaded at most once per turn: who is talking, what she said, what the
 * bot remembers, and (on demand) her offers, her cart and what her words mean.
 */
export class TurnFacts {
  private offersLoaded: Promise<PartyOffers> | undefined;
  private snapshotLoaded: Promise<CatalogSnapshot> | undefined;
  private cartLoaded: Promise<CartView> | undefined;
  private customerLoaded: Promise<Customer | undefined> | undefined;
  private understood: Promise<Understanding> | undefined;
  private heldLoaded: Promise<HeldOfferings> | undefined;
  handover: HandoverRequest | undefined;

  constructor(
    readonly context: TurnContext,
    readonly inbound: InboundTurn,
    public party: PartyRef,
    readonly memory: SalesMemory,
    readonly services: BotServices,
    private readonly language: LanguageUnderstanding,
    /** A button press, or a bare reply ("2", "Y") the last reply gave a meaning to. */
    readonly value: string | undefined,
  ) {}

  static attach(context: TurnContext, facts: TurnFacts): void {
    context.turnState.set(FACTS, facts);
  }

  static of(context: TurnContext): TurnFacts {
    const facts = context.turnState.get(FACTS) as TurnFacts | undefined;
    if (!facts) throw new Error('turn facts are attached before any dialog runs');
    return facts;
  }

  get channel(): BotChannel {
    return this.inbound.channel;
  }

  get text(): string {
    return this.inbound.text?.trim() ?? '';
  }

  get campaignId(): string | undefined {
    return this.inbound.campaignId ?? this.memory.campaignId;
  }

  get customerId(): string | undefined {
    return this.party.customerId;
  }

  async say(reply: Reply): Promise<void> {
    await this.context.sendActivity(replyActivity(reply));
  }

  snapshot(): Promise<CatalogSnapshot> {
    return (this.snapshotLoaded ??= this.services.catalog.current());
  }

  offers(): Promise<PartyOffers> {
    return (this.offersLoaded ??= this.loadOffers());
  }

  cart(): Promise<CartView> {
    return (this.cartLoaded ??= this.services.carts.cartFor(this.party, this.channel));
  }

  /** Units of characteristic values as the catalog states them, for cart lines. */
  async units(): Promise<UnitLookup> {
    const snapshot = await this.snapshot();
    return (offeringId, name) =>
      snapshot
        .specificationOf(offeringId)
        ?.productSpecCharacteristic.find((characteristic) => characteristic.name === name)
        ?.productSpecCharacteristicValue.find((value) => value.unitOfMeasure)?.unitOfMeasure;
  }

  /** Offering names as the catalog has them, for cart items that could not be priced. */
  async names(): Promise<(offeringId: string) => string | undefined> {
    const snapshot = await this.snapshot();
    return (offeringId) => snapshot.offering(offeringId)?.name;
  }

  /** The cart as she should see it, with anything she cannot order explained. */
  async cartReply(view: CartView, lead?: string): Promise<Reply> {
    return cartReply(view, lead, await this.units(), await this.names());
  }

  /** After the cart changed: later reads in this turn see the new one. */
  cartChanged(view: CartView): void {
    this.cartLoaded = Promise.resolve(view);
    this.offersLoaded = undefined;
    this.heldLoaded = undefined;
  }

  /**
   * What she will have besides her active subscriptions (which the catalog already leaves out):
   * offers in her cart and offers in an order still on its way. None of them is offered again.
   */
  held(): Promise<HeldOfferings> {
    return (this.heldLoaded ??= this.loadHeld());
  }

  private async loadHeld(): Promise<HeldOfferings> {
    const view = await this.cart();
    const inCart = new Set(
      view.cart.items.filter((item) => item.action === 'add').map((item) => item.offeringId),
    );
    const ordered = new Set<string>();
    const { customerId } = this.party;
    if (customerId) {
      const { orders } = await this.services.orders.listOrders(
        { customerId, state: { $in: OPEN_ORDER_STATES } },
        { offset: 0, limit: 20 },
      );
      for (const order of orders) {
        for (const item of order.items) if (item.action === 'add') ordered.add(item.offeringId);
      }
    }
    return { inCart, ordered };
  }

  customer(): Promise<Customer | undefined> {
    const { customerId } = this.party;
    if (!customerId) return Promise.resolve(undefined);
    return (this.customerLoaded ??= this.services.customers.find(customerId));
  }

  /** The party changed mid-turn (a visitor proved her number): forget what was loaded for the old one. */
  becomes(party: PartyRef): void {
    this.party = party;
    this.offersLoaded = undefined;
    this.cartLoaded = undefined;
    this.customerLoaded = undefined;
    this.heldLoaded = undefined;
  }

  understanding(): Promise<Understanding> {
    return (this.understood ??= this.understand());
  }

  private async understand(): Promise<Understanding> {
    const [offers, snapshot] = await Promise.all([this.offers(), this.snapshot()]);
    const vocabulary = vocabularyOf(offers.decisions, snapshot);
    const characteristics = vocabulary.flatMap((offer) => offer.characteristics ?? []);
    return this.language.understand(this.text, {
      offers: vocabulary,
      characteristics,
      lastChoices: this.memory.lastChoices,
      now: this.services.clock.now(),
    });
  }

  /** Judged on what she will have: her subscriptions and what is already in her cart. */
  private async loadOffers(): Promise<PartyOffers> {
    const cart = await this.cart();
    const campaignId = this.campaignId;
    return this.services.offers.offersFor({
      channel: this.channel,
      party: this.party,
      ...(campaignId ? { campaignId } : {}),
      cart: cart.cart.items.map((item) => item.offeringId),
    });
  }
}
