import type { z } from 'zod';
import { AppError, isAppError } from '../domain/shared/errors';
import type {
  AgentAction,
  AgentAuditLog,
  AuditTimelineLine,
} from '../domain/handovers/agent-audit';
import type { Handover } from '../domain/handovers/handover';
import type { HandoverDesk } from '../domain/handovers/handover-desk';
import type { HandoverActor, HandoverService } from '../domain/handovers/handover-service';
import type { OfferDismissals } from '../domain/handovers/offer-dismissals';
import type { PartyRef } from '../domain/shared/party';
import type { ShortLinks } from '../infra/auth/short-links';
import {
  cartAddSchema,
  cartRemoveSchema,
  cartUpdateSchema,
  closeInputSchema,
  discountInputSchema,
  handoverRefSchema,
  messageInputSchema,
  reassignInputSchema,
  offerAcceptSchema,
  offerDismissSchema,
  openInputSchema,
  orderInputSchema,
  releaseInputSchema,
  transferInputSchema,
} from './action-inputs';
import type {
  CartView,
  OfferView,
  OrderSummaryView,
  QuoteSummaryView,
  TimelineEntryView,
} from './assist-events';
import type { AssistServices, BotResumer } from './assist-services';
import type { CustomerMessenger } from './customer-messenger';
import type { PanelBuilder } from './panel-builder';
import { selfCareLink } from './self-care-link';
import { quoteText } from './quote-text';
import { cartView, orderSummary, quoteSummary, timelineEntry } from './views';

/** The signed-in agent acting; `roles` come from her token, never from a request. */
export interface AgentActor extends HandoverActor {
  displayName: string;
  roles: readonly string[];
}

/** Tells the customer's open web chat that her cart changed (web chat's `cart:updated`). */
export type CartChangedNotifier = (party: PartyRef, cart: CartView) => void;

export interface AgentActionsDeps {
  services: () => AssistServices;
  handovers: () => HandoverService;
  desk: () => HandoverDesk;
  audit: () => AgentAuditLog;
  dismissals: () => OfferDismissals;
  panels: PanelBuilder;
  messenger: CustomerMessenger;
  bot: () => BotResumer;
  shortLinks: ShortLinks;
  publicBaseUrl: string;
  cartChanged: CartChangedNotifier;
  /** Hears how long the customer waited when an agent takes her conversation (metrics). */
  handoverTaken?: (waitedSeconds: number, handover: Handover) => void;
}

interface AuditFrame {
  action: AgentAction;
  handover?: Handover;
  party?: PartyRef;
  details?: Record<string, unknown>;
  timeline?: (outcome: 'done' | 'refused') => AuditTimelineLine | undefined;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  return schema.parse(input ?? {});
}

/**
 * What an agent does for a customer, each through the same domain services every channel uses
 * (cart on the `agent` channel with her id as actor), each audited: who, what, when, on whom, and
 * whether it was done or refused and why.
 */
export class AgentActions {
  constructor(private readonly deps: AgentActionsDeps) {}

  async accept(actor: AgentActor, input: unknown): Promise<Handover> {
    const { handoverId } = parse(handoverRefSchema, input);
    return this.audited(
      actor,
      { action: 'handover.accept', details: { handoverId } },
      async (frame) => {
        const before = await this.deps.handovers().get(handoverId);
        frame.handover = before;
        const handover = await this.deps.handovers().accept(handoverId, actor);
        frame.handover = handover;
        if (before.status !== 'accepted') {
          this.deps.handoverTaken?.((Date.now() - handover.createdAt.getTime()) / 1000, handover);
          await this.deps.desk().tell(handover, { kind: 'joined', agentName: actor.displayName });
        }
        frame.timeline = () => ({
          kind: 'handover',
          summary: `${actor.displayName} took the conversation`,
        });
        return handover;
      },
    );
  }

  async decline(actor: AgentActor, input: unknown): Promise<Handover> {
    const { handoverId } = parse(handoverRefSchema, input);
    return this.audited(
      actor,
      { action: 'handover.decline', details: { handoverId } },
      async (frame) => {
        frame.handover = await this.deps.handovers().get(handoverId);
        const handover = await this.deps.handovers().decline(handoverId, actor);
        frame.handover = handover;
        return handover;
      },
    );
  }

  async transfer(actor: AgentActor, input: unknown): Promise<Handover> {
    const { handoverId, toAgentId, toQueue } = parse(transferInputSchema, input);
    const target = toAgentId !== undefined ? { agentId: toAgentId } : { queue: toQueue as string };
    return this.audited(
      actor,
      { action: 'handover.transfer', details: { handoverId, ...target } },
      async (frame) => {
        frame.handover = await this.deps.handovers().get(handoverId);
        const moved = await this.deps.handovers().transfer(handoverId, actor, target);
        // To a queue nobody serves: the bot takes her back rather than leave her waiting.
        const handover = target.queue ? await this.deps.desk().queuedByAgent(moved) : moved;
        frame.handover = handover;
        frame.timeline = () => ({
          kind: 'handover',
          summary: toAgentId
            ? `${actor.displayName} transferred the conversation to a colleague`
            : `${actor.displayName} transferred the conversation to the ${toQueue} queue`,
        });
        return handover;
      },
    );
  }

  /** Back to the bot: the handover ends first, then the bot is told, so no message falls between. */
  async release(actor: AgentActor, input: unknown): Promise<Handover> {
    const { handoverId, note } = parse(releaseInputSchema, input);
    return this.audited(
      actor,
      { action: 'handover.release', details: { handoverId } },
      async (frame) => {
        frame.handover = await this.deps.handovers().get(handoverId);
        const handover = await this.deps.handovers().release(handoverId, actor, note);
        frame.handover = handover;
        await this.deps.bot().resume(handover.party);
        await this.deps.desk().tell(handover, { kind: 'left', agentName: actor.displayName });
        frame.timeline = () => ({
          kind: 'handover',
          summary: `${actor.displayName} gave the conversation back to the bot`,
        });
        return handover;
      },
    );
  }

  /** Wrapped up: the handover ends first, then the bot has her back and she is told so. */
  async close(actor: AgentActor, input: unknown): Promise<Handover> {
    const { handoverId, disposition, note } = parse(closeInputSchema, input);
    return this.audited(
      actor,
      { action: 'handover.close', details: { handoverId, disposition } },
      async (frame) => {
        frame.handover = await this.deps.handovers().get(handoverId);
        const handover = await this.deps.handovers().close(handoverId, actor, disposition, note);
        frame.handover = handover;
        await this.deps.bot().resume(handover.party);
        if (handover.kind === 'conversation') {
          await this.deps.desk().tell(handover, { kind: 'left', agentName: actor.displayName });
        }
        frame.timeline = () => ({
          kind: 'note',
          summary: `Wrap-up (${disposition}): ${note.length > 200 ? `${note.slice(0, 197)}...` : note}`,
          details: { disposition, note },
        });
        return handover;
      },
    );
  }

  async open(actor: AgentActor, input: unknown): Promise<Handover> {
    const data = parse(openInputSchema, input);
    const party = { customerId: data.customerId };
    return this.audited(
      actor,
      { action: 'handover.open', party, details: { channel: data.channel } },
      async (frame) => {
        await this.deps.services().customers.get(data.customerId);
        const handover = await this.deps.handovers().openFor(actor, {
          party,
          channel: data.channel,
          reason: data.reason,
          summary: `Opened by ${actor.displayName} (${data.channel}): ${data.reason}`,
          ...(data.queue ? { queue: data.queue } : {}),
        });
        // She speaks for us now: the bot must not answer the customer alongside her.
        await this.deps.bot().hold(party, handover.id);
        frame.handover = handover;
        frame.timeline = () => ({
          kind: 'handover',
          summary: `${actor.displayName} opened a conversation`,
        });
        return handover;
      },
    );
  }

  async addToCart(
    actor: AgentActor,
    input: unknown,
    action: AgentAction = 'cart.add',
  ): Promise<CartView> {
    const data = parse(cartAddSchema, input);
    const handover = await this.held(actor, data.handoverId);
    return this.audited(
      actor,
      { action, handover, details: { offeringId: data.offeringId, quantity: data.quantity ?? 1 } },
      async (frame) => {
        const { carts } = this.deps.services();
        const current = await carts.cartFor(handover.party, 'agent');
        const view = await carts.addItem(
          current.cart._id,
          {
            offeringId: data.offeringId,
            ...(data.quantity ? { quantity: data.quantity } : {}),
            ...(data.characteristics ? { characteristics: data.characteristics } : {}),
          },
          this.changeContext(actor, handover),
        );
        frame.details = { ...frame.details, cartId: view.cart._id, version: view.cart.version };
        return this.changed(handover, cartView(view));
      },
    );
  }

  async updateCartItem(actor: AgentActor, input: unknown): Promise<CartView> {
    const data = parse(cartUpdateSchema, input);
    const handover = await this.held(actor, data.handoverId);
    return this.audited(
      actor,
      { action: 'cart.update', handover, details: { itemId: data.itemId } },
      async () => {
        const cartId = await this.cartIdOf(handover);
        const view = await this.deps.services().carts.updateItem(
          cartId,
          data.itemId,
          {
            ...(data.quantity ? { quantity: data.quantity } : {}),
            ...(data.characteristics ? { characteristics: data.characteristics } : {}),
          },
          this.changeContext(actor, handover),
        );
        return this.changed(handover, cartView(view));
      },
    );
  }

  async removeCartItem(actor: AgentActor, input: unknown): Promise<CartView> {
    const data = parse(cartRemoveSchema, input);
    const handover = await this.held(actor, data.handoverId);
    return this.audited(
      actor,
      { action: 'cart.remove', handover, details: { itemId: data.itemId } },
      async () => {
        const cartId = await this.cartIdOf(handover);
        const view = await this.deps
          .services()
          .carts.removeItem(cartId, data.itemId, this.changeContext(actor, handover));
        return this.changed(handover, cartView(view));
      },
    );
  }

  /** Within her role's limit (the pricing rules enforce it); refused above it, with the reason. */
  async discount(actor: AgentActor, input: unknown): Promise<CartView> {
    const data = parse(discountInputSchema, input);
    const handover = await this.held(actor, data.handoverId);
    const grantedByRole = actor.roles.includes('supervisor') ? 'supervisor' : 'agent';
    const details = {
      itemId: data.itemId,
      kind: data.kind,
      value: data.value,
      role: grantedByRole,
    };
    return this.audited(
      actor,
      {
        action: 'cart.discount',
        handover,
        details,
        timeline: (outcome) =>
          outcome === 'refused'
            ? {
                kind: 'note',
                summary: `Agent discount of ${data.kind === 'percent' ? `${data.value}%` : `${(data.value / 100).toFixed(2)} GBP`} refused`,
                details,
              }
            : undefined,
      },
      async () => {
        const cartId = await this.cartIdOf(handover);
        const view = await this.deps.services().carts.applyAgentDiscount(
          cartId,
          data.itemId,
          {
            kind: data.kind,
            value: data.value,
            grantedByRole,
            ...(data.appliesTo ? { appliesTo: data.appliesTo } : {}),
          },
          this.changeContext(actor, handover),
        );
        return this.changed(handover, cartView(view));
      },
    );
  }

  async acceptOffer(actor: AgentActor, input: unknown): Promise<CartView> {
    const data = parse(offerAcceptSchema, input);
    return this.addToCart(actor, data, 'offer.accept');
  }

  async dismissOffer(actor: AgentActor, input: unknown): Promise<OfferView[]> {
    const data = parse(offerDismissSchema, input);
    const handover = await this.held(actor, data.handoverId);
    return this.audited(
      actor,
      { action: 'offer.dismiss', handover, details: { offeringId: data.offeringId } },
      async () => {
        await this.deps.dismissals().dismiss(handover.party, data.offeringId, actor.agentId);
        return this.deps.panels.offers(
          handover.party,
          await this.deps.services().carts.findCartOf(handover.party),
        );
      },
    );
  }

  /** The seed's channel hop: an SMS with a signed link that opens her cart in self-care. */
  async sendSelfCareLink(actor: AgentActor, input: unknown): Promise<{ messageId: string }> {
    const { handoverId } = parse(handoverRefSchema, input);
    const handover = await this.held(actor, handoverId);
    return this.audited(
      actor,
      {
        action: 'link.send',
        handover,
        timeline: (outcome) =>
          outcome === 'done'
            ? { kind: 'message', summary: 'Self-care link to her cart sent by SMS' }
            : undefined,
      },
      async () => {
        const customerId = handover.party.customerId;
        if (!customerId)
          throw new AppError(
            'UNPROCESSABLE',
            'Identify the customer before sending her a self-care link',
          );
        const customer = await this.deps.services().customers.get(customerId);
        if (!customer.mobile)
          throw new AppError('UNPROCESSABLE', 'She has no mobile number to text');
        const link = await selfCareLink(this.deps.shortLinks, this.deps.publicBaseUrl, customerId);
        const { messageId } = await this.deps.services().sms.send({
          to: customer.mobile,
          body: `Hi ${customer.name.given}, your cart is ready in self-care: ${link} (it works once, for 30 minutes).`,
          purpose: 'transactional',
        });
        return { messageId };
      },
    );
  }

  /**
   * A supervisor moves a conversation to another agent (the floor's Reassign): one held by a
   * colleague, or one still waiting in its queue, offered to the agent she picks.
   */
  async reassign(actor: AgentActor, input: unknown): Promise<Handover> {
    const { handoverId, toAgentId } = parse(reassignInputSchema, input);
    if (!actor.supervisor)
      throw new AppError('FORBIDDEN', 'Only a supervisor can reassign a conversation', {
        handoverId,
      });
    return this.audited(
      actor,
      { action: 'handover.reassign', details: { handoverId, agentId: toAgentId } },
      async (frame) => {
        const current = await this.deps.handovers().get(handoverId);
        frame.handover = current;
        const waiting = current.status === 'waiting';
        const handover = waiting
          ? await this.deps.handovers().assignWaiting(handoverId, actor, toAgentId)
          : await this.deps.handovers().transfer(handoverId, actor, { agentId: toAgentId });
        frame.handover = handover;
        frame.timeline = () => ({
          kind: 'handover',
          summary: waiting
            ? `${actor.displayName} gave the waiting conversation to a colleague`
            : `${actor.displayName} reassigned the conversation to a colleague`,
        });
        return handover;
      },
    );
  }

  /** A quote of her cart at agent prices, created and texted to her mobile. */
  async sendQuote(actor: AgentActor, input: unknown): Promise<QuoteSummaryView> {
    const { handoverId } = parse(handoverRefSchema, input);
    const handover = await this.held(actor, handoverId);
    return this.audited(
      actor,
      {
        action: 'quote.send',
        handover,
        timeline: (outcome) =>
          outcome === 'done' ? { kind: 'message', summary: 'Quote sent by SMS' } : undefined,
      },
      async (frame) => {
        const customerId = handover.party.customerId;
        if (!customerId)
          throw new AppError('UNPROCESSABLE', 'Identify the customer before sending her a quote');
        const customer = await this.deps.services().customers.get(customerId);
        if (!customer.mobile)
          throw new AppError('UNPROCESSABLE', 'She has no mobile number to text');
        const cartId = await this.cartIdOf(handover);
        const view = await this.deps.services().quotes.createQuote(cartId, 'agent', actor.agentId);
        await this.deps.services().sms.send({
          to: customer.mobile,
          body: quoteText(customer.name.given, view.quote),
          purpose: 'transactional',
        });
        frame.details = { quoteId: view.quote._id };
        return quoteSummary(view);
      },
    );
  }

  /** Her order, placed by the agent with her (verbal) consent recorded against the agent. */
  async placeOrder(actor: AgentActor, input: unknown): Promise<OrderSummaryView> {
    const { handoverId } = parse(orderInputSchema, input);
    const handover = await this.held(actor, handoverId);
    return this.audited(
      actor,
      { action: 'order.place', handover, details: { consent: 'verbal' } },
      async (frame) => {
        const cartId = await this.cartIdOf(handover);
        const { order } = await this.deps.services().orders.checkout({
          cartId,
          channel: 'agent',
          actorId: actor.agentId,
          idempotencyKey: `agent-${handoverId}-${(await this.deps.services().carts.findCart(cartId))?.version ?? 0}`,
          customerConsent: { given: true, method: 'verbal', recordedBy: actor.agentId },
        });
        frame.details = { ...frame.details, orderId: order._id };
        return orderSummary(order);
      },
    );
  }

  async message(actor: AgentActor, input: unknown): Promise<TimelineEntryView> {
    const data = parse(messageInputSchema, input);
    const handover = await this.held(actor, data.handoverId);
    return this.audited(
      actor,
      { action: 'message.send', handover, details: { length: data.text.length } },
      async (frame) => {
        const entry = await this.deps.messenger.send(handover, actor, data.text);
        frame.details = { ...frame.details, channel: entry.channel, interactionId: entry.id };
        return timelineEntry(entry);
      },
    );
  }

  /** The handover, if she holds it (or is offered it), or she supervises. */
  async held(actor: AgentActor, handoverId: string): Promise<Handover> {
    const handover = await this.deps.handovers().get(handoverId);
    const held =
      handover.status === 'accepted' ||
      handover.status === 'assigned' ||
      handover.status === 'transferred';
    if (!held)
      throw new AppError('CONFLICT', `This conversation is ${handover.status}`, { handoverId });
    if (handover.assignedAgentId !== actor.agentId && !actor.supervisor) {
      throw new AppError('FORBIDDEN', 'This conversation is not yours', { handoverId });
    }
    return handover;
  }

  /** A panel she may see: hers, waiting in one of her queues, or any for a supervisor. */
  async viewable(
    actor: AgentActor & { queues: readonly string[] },
    handoverId: string,
  ): Promise<Handover> {
    const handover = await this.deps.handovers().get(handoverId);
    const mine = handover.assignedAgentId === actor.agentId;
    const queued = handover.status === 'waiting' && actor.queues.includes(handover.queue);
    if (!mine && !queued && !actor.supervisor) {
      throw new AppError('FORBIDDEN', 'This conversation is not yours', { handoverId });
    }
    return handover;
  }

  private changeContext(actor: AgentActor, handover: Handover) {
    return {
      channel: 'agent' as const,
      actorId: actor.agentId,
      conversationId: handover.id,
    };
  }

  private async cartIdOf(handover: Handover): Promise<string> {
    const cart = await this.deps.services().carts.findCartOf(handover.party);
    if (!cart) throw new AppError('NOT_FOUND', 'She has no cart yet');
    return cart._id;
  }

  private changed(handover: Handover, cart: CartView): CartView {
    this.deps.cartChanged(handover.party, cart);
    return cart;
  }

  /** Runs the action and writes its audit row: done, refused (a rule said no) or failed. */
  private async audited<T>(
    actor: AgentActor,
    frame: AuditFrame,
    run: (frame: AuditFrame) => Promise<T>,
  ): Promise<T> {
    try {
      const result = await run(frame);
      await this.write(actor, frame, 'done');
      return result;
    } catch (error) {
      const refused = isAppError(error) && error.status < 500;
      await this.write(actor, frame, refused ? 'refused' : 'failed', error).catch(() => undefined);
      throw error;
    }
  }

  private async write(
    actor: AgentActor,
    frame: AuditFrame,
    outcome: 'done' | 'refused' | 'failed',
    error?: unknown,
  ): Promise<void> {
    const party = frame.handover?.party ?? frame.party;
    const line = outcome === 'failed' ? undefined : frame.timeline?.(outcome);
    await this.deps.audit().record({
      agentId: actor.agentId,
      action: frame.action,
      outcome,
      ...(party ? { party } : {}),
      ...(frame.handover ? { handoverId: frame.handover.id } : {}),
      details: frame.details ?? {},
      ...(error
        ? { reason: isAppError(error) ? `${error.code}: ${error.message}` : 'internal error' }
        : {}),
      ...(line ? { timeline: line } : {}),
    });
  }
}
