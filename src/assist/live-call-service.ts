import type { CatalogSnapshotSource } from '../domain/commerce/ports';
import type { PartyOffers } from '../domain/catalog/persistence/offer-service';
import type { OfferDecision, OfferRequest } from '../domain/catalog/offer-evaluation';
import type {
  LiveCallRef,
  LiveCallSink,
  LiveNeed,
  LiveSuggestion,
  LiveTranscriptLine,
  RequiredPhrase,
} from '../domain/handovers/live-call';
import { priceWords, suggestForNeeds } from '../domain/handovers/live-call-suggestions';
import type { SuggestionInput } from '../domain/handovers/live-call-suggestions';
import type { HandoverService } from '../domain/handovers/handover-service';
import type { Clock } from '../domain/shared/clock';
import { AppError } from '../domain/shared/errors';
import { newId } from '../domain/shared/ids';
import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';
import type { Logger } from '../infra/logger';
import { vocabularyOf } from '../bot/turn/catalog-vocabulary';
import type { CartView } from './assist-events';
import { panelRoom } from './assist-rooms';
import type { AssistServices } from './assist-services';
import type { AssistNamespace } from './assist-types';
import type { AgentActions, AgentActor } from './agent-actions';
import type {
  LiveCallView,
  LiveLineView,
  LivePhraseView,
  LiveSuggestionView,
} from './live-call-events';
import { LiveCallNeeds } from './live-call-needs';
import { phrasesHeard } from './live-call-phrases';
import type { LiveCallDocument, LiveCallStore, StoredLine } from './live-call-store';

export interface LiveCallServiceDeps {
  store: LiveCallStore;
  namespace: AssistNamespace;
  services: () => AssistServices;
  snapshots: () => CatalogSnapshotSource;
  handovers: () => HandoverService;
  needs: () => Promise<LiveCallNeeds>;
  phrases: readonly RequiredPhrase[];
  clock: Clock;
  logger: Logger;
}

const NEED_WORDS: Record<LiveNeed['kind'], (need: LiveNeed) => string> = {
  roaming: (need) =>
    `going to ${need.destination ?? 'travel abroad'}${need.when ? ` ${need.when}` : ''}`,
  'more-data': (need) =>
    `running out of data${need.dataGb !== undefined ? ` (about ${need.dataGb} GB more)` : ''}`,
  'cheaper-plan': () => 'her plan being too expensive',
  promotion: () => 'the offer we texted her',
  asked: () => 'an offer she named',
};

const STATUS_WORDS = { shown: 'not taken up', accepted: 'accepted', dismissed: 'dismissed' };

type Snapshot = Awaited<ReturnType<CatalogSnapshotSource['current']>>;

/**
 * What a call's customer may be offered, read once per call (at its start) and reused for each of
 * her lines while the catalog snapshot and her cart stay the same and it is fresh: reading it again
 * per line cost a customer read and an eligibility pass over the catalog each time.
 */
interface CallOffers {
  snapshot: Snapshot;
  cartKey: string;
  readAt: number;
  offers: Promise<PartyOffers>;
  vocabulary?: ReturnType<typeof vocabularyOf>;
  plan?: Promise<SuggestionInput['currentPlan']>;
}

/** How long a call's offers are reused before being read again (eligibility may move with time). */
const CALL_OFFERS_TTL_MS = 60_000;
const CALL_OFFERS_LIMIT = 5_000;

/**
 * Live call assist: each line of a call an agent is on reaches her panel as it is heard; her
 * customer's final lines are read for needs and answered with eligible offers at the agent-channel
 * price; the phrases the agent must say are ticked off; at the end the call goes on her timeline.
 */
export class LiveCallService implements LiveCallSink {
  /** Calls this node has created already, so a line does not upsert them again. */
  private readonly known = new Set<string>();
  /** Per call: her offers for the current snapshot and cart (see CallOffers). */
  private readonly callOffers = new Map<string, CallOffers>();

  constructor(private readonly deps: LiveCallServiceDeps) {}

  async started(call: LiveCallRef, at: Date): Promise<void> {
    await this.ensure(call, at);
    const stored = await this.deps.store.find(call.callSid);
    if (stored) this.emitState(stored);
    // Read her offers now, while nobody waits, so her first need is answered from them.
    void Promise.all([
      this.deps.snapshots().current(),
      this.deps.services().carts.findCartOf(call.party),
    ])
      .then(([snapshot, cart]) =>
        this.offersOf(
          call.callSid,
          call.party,
          snapshot,
          cart?.items.map((item) => item.offeringId) ?? [],
        ),
      )
      .catch((error: unknown) =>
        this.deps.logger.debug(
          { err: error, callSid: call.callSid },
          'live call offers not read ahead',
        ),
      );
  }

  async line(line: LiveTranscriptLine): Promise<void> {
    const room = panelRoom(line.party);
    // On its way first: storing and reading it for needs must not delay what the agent sees.
    this.deps.namespace.to(room).emit('livecall:line', lineView(line, partyKey(line.party)));
    if (!line.final) return;
    await this.ensure(line, line.at);
    const stored: StoredLine = {
      sequence: line.sequence,
      speaker: line.speaker,
      text: line.text,
      ...(line.confidence !== undefined ? { confidence: line.confidence } : {}),
      at: line.at,
    };
    const kept = this.deps.store.addLine(line.callSid, stored);
    if (line.speaker === 'customer' && LiveCallNeeds.mayHoldNeed(line.text)) {
      // Read for needs while it is stored; nothing is suggested unless it was stored just now.
      await this.customerSaid(line, kept);
      return;
    }
    if (!(await kept)) return;
    if (line.speaker === 'agent') await this.agentSaid(line);
  }

  async ended(callSid: string, at: Date): Promise<void> {
    const ended = await this.deps.store.end(callSid, at, (call) => this.summaryOf(call));
    this.callOffers.delete(callSid);
    if (!ended) return;
    this.known.delete(callSid);
    await this.deps.services().interactions.record({
      party: ended.party,
      kind: 'call',
      channel: 'voice',
      direction: 'inbound',
      summary: ended.summary ?? 'Call with an agent',
      conversationId: callSid,
      ref: { type: 'call', id: callSid },
      details: {
        callSid,
        handoverId: ended.handoverId,
        transcript: sortedLines(ended).map((line) => ({
          speaker: line.speaker,
          text: line.text,
          at: new Date(line.at).toISOString(),
        })),
        suggestions: ended.suggestions.map((suggestion) => ({
          offeringId: suggestion.offeringId,
          name: suggestion.name,
          reason: suggestion.reason,
          price: priceWords(suggestion.price),
          status: suggestion.status,
        })),
        accepted: ended.suggestions
          .filter((suggestion) => suggestion.status === 'accepted')
          .map((suggestion) => suggestion.name),
        phrases: this.phraseViews(ended).map(({ label, heard }) => ({ label, heard })),
      },
      dedupeKey: `live-call:${callSid}`,
      occurredAt: new Date(ended.startedAt),
    });
    this.emitState(ended);
  }

  /** The live call of a conversation, as a panel opened mid-call shows it. */
  async view(handoverId: string): Promise<LiveCallView | null> {
    const call = await this.deps.store.ofHandover(handoverId);
    return call ? this.callView(call) : null;
  }

  async accept(
    actions: AgentActions,
    actor: AgentActor,
    handoverId: string,
    suggestionId: string,
  ): Promise<{ suggestion: LiveSuggestionView; cart: CartView }> {
    const handover = await actions.held(actor, handoverId);
    const { call, suggestion } = await this.shownSuggestion(handoverId, suggestionId);
    const cart = await actions.acceptOffer(actor, {
      handoverId,
      offeringId: suggestion.offeringId,
      ...(Object.keys(suggestion.characteristics).length > 0
        ? { characteristics: suggestion.characteristics }
        : {}),
    });
    let finalCart = cart;
    if (suggestion.campaignId) {
      // The price she was told includes the campaign's promotion: the cart carries it too.
      const view = await this.deps
        .services()
        .carts.attributeCampaign(cart.cartId, suggestion.campaignId, {
          channel: 'agent',
          actorId: actor.agentId,
          conversationId: handover.id,
        });
      finalCart = { ...cart, version: view.cart.version };
    }
    const decided = await this.deps.store.decide(
      call._id,
      suggestionId,
      'accepted',
      this.deps.clock.now(),
    );
    const view = this.suggestionView(decided ?? call, suggestionId, 'accepted');
    this.deps.namespace.to(panelRoom(call.party)).emit('livecall:suggestion', view);
    return { suggestion: view, cart: finalCart };
  }

  async dismiss(
    actions: AgentActions,
    actor: AgentActor,
    handoverId: string,
    suggestionId: string,
  ): Promise<{ suggestion: LiveSuggestionView }> {
    await actions.held(actor, handoverId);
    const { call } = await this.shownSuggestion(handoverId, suggestionId);
    const decided = await this.deps.store.decide(
      call._id,
      suggestionId,
      'dismissed',
      this.deps.clock.now(),
    );
    if (!decided) throw new AppError('CONFLICT', 'That suggestion was already decided');
    const view = this.suggestionView(decided, suggestionId, 'dismissed');
    this.deps.namespace.to(panelRoom(call.party)).emit('livecall:suggestion', view);
    return { suggestion: view };
  }

  private async shownSuggestion(handoverId: string, suggestionId: string) {
    const call = await this.deps.store.ofHandover(handoverId);
    const suggestion = call?.suggestions.find((candidate) => candidate.id === suggestionId);
    if (!call || !suggestion)
      throw new AppError('NOT_FOUND', 'No such suggestion on this call', { suggestionId });
    if (suggestion.status !== 'shown')
      throw new AppError('CONFLICT', `That suggestion was already ${suggestion.status}`, {
        suggestionId,
      });
    // Her timeline already says what the call ended with; offers go on through the panel's own.
    if (call.state === 'ended')
      throw new AppError('CONFLICT', 'The call has ended: add it from the next best offers', {
        suggestionId,
      });
    return { call, suggestion };
  }

  private async ensure(call: LiveCallRef, at: Date): Promise<void> {
    if (this.known.has(call.callSid)) return;
    await this.deps.store.ensure(call, at);
    if (this.known.size > 20_000) this.known.clear();
    this.known.add(call.callSid);
  }

  private async agentSaid(line: LiveTranscriptLine): Promise<void> {
    const heard = phrasesHeard(line.text, this.deps.phrases);
    let changed = false;
    for (const phrase of heard) {
      if (await this.deps.store.hear(line.callSid, phrase.id)) changed = true;
    }
    if (!changed) return;
    const call = await this.deps.store.find(line.callSid);
    if (!call) return;
    this.deps.namespace.to(panelRoom(line.party)).emit('livecall:phrases', {
      callSid: call._id,
      handoverId: call.handoverId,
      partyKey: call.partyKey,
      phrases: this.phraseViews(call),
    });
  }

  /** Her offers for this snapshot and cart: the call's own when still valid, else read afresh. */
  private offersOf(
    callSid: string,
    party: PartyRef,
    snapshot: Snapshot,
    inCart: readonly string[],
  ): CallOffers {
    const cartKey = [...inCart].sort().join('|');
    const known = this.callOffers.get(callSid);
    if (
      known &&
      known.snapshot === snapshot &&
      known.cartKey === cartKey &&
      Date.now() - known.readAt < CALL_OFFERS_TTL_MS
    )
      return known;
    const entry: CallOffers = {
      snapshot,
      cartKey,
      readAt: Date.now(),
      offers: this.deps.services().offers.offersFor({ channel: 'agent', party, cart: [...inCart] }),
    };
    // A failed read is not kept: the next line reads again.
    entry.offers.catch(() => {
      if (this.callOffers.get(callSid) === entry) this.callOffers.delete(callSid);
    });
    if (this.callOffers.size >= CALL_OFFERS_LIMIT && !this.callOffers.has(callSid)) {
      const oldest = this.callOffers.keys().next();
      if (!oldest.done) this.callOffers.delete(oldest.value);
    }
    this.callOffers.set(callSid, entry);
    return entry;
  }

  private async customerSaid(line: LiveTranscriptLine, kept: Promise<boolean>): Promise<void> {
    const { carts, customers, interactions } = this.deps.services();
    const [snapshot, cart, detector, call, stored] = await Promise.all([
      this.deps.snapshots().current(),
      carts.findCartOf(line.party),
      this.deps.needs(),
      this.deps.store.find(line.callSid),
      kept,
    ]);
    if (!stored || !call || call.state !== 'live') return;
    const inCart = cart?.items.map((item) => item.offeringId) ?? [];
    const cached = this.offersOf(line.callSid, line.party, snapshot, inCart);
    const { decisions, customer: context } = await cached.offers;
    cached.vocabulary ??= vocabularyOf(decisions, snapshot);
    const now = this.deps.clock.now();
    const needs = await detector.detect(line.text, { offers: cached.vocabulary, now });
    if (needs.length === 0) return;
    const storingNeeds = this.deps.store.addNeeds(line.callSid, needs);
    storingNeeds.catch(() => undefined); // awaited below; a throw before then must not leave it unhandled
    const exclude = new Set<string>([
      ...call.suggestions.map((suggestion) => suggestion.offeringId),
      ...inCart,
      ...context.subscriptionOfferingIds,
    ]);
    const request: OfferRequest = { channel: 'agent', customer: context, now, cart: inCart };
    const input: SuggestionInput = {
      needs,
      snapshot,
      request,
      decisions,
      texted: needs.some((need) => need.kind === 'promotion')
        ? await this.textedOffers(line.party, inCart, interactions)
        : [],
      exclude,
    };
    if (needs.some((need) => need.kind === 'cheaper-plan' || need.kind === 'more-data')) {
      cached.plan ??= this.currentPlan(line.party, decisions, snapshot, request, customers);
      cached.plan.catch(() => {
        cached.plan = undefined;
      });
      const plan = await cached.plan;
      if (plan) input.currentPlan = plan;
      const used = context.attributes?.monthlyDataUseGb;
      if (typeof used === 'number') input.monthlyUseGb = used;
    }
    for (const draft of suggestForNeeds(input)) {
      const suggestion: LiveSuggestion = {
        ...draft,
        id: newId('sug'),
        status: 'shown',
        suggestedAt: now,
      };
      if (!(await this.deps.store.addSuggestion(line.callSid, suggestion))) continue;
      this.deps.namespace
        .to(panelRoom(line.party))
        .emit('livecall:suggestion', suggestionViewOf(call, suggestion));
    }
    await storingNeeds;
  }

  /** The offers of the campaigns texted to her (newest first), each priced with its campaign. */
  private async textedOffers(
    party: PartyRef,
    cart: string[],
    interactions: AssistServices['interactions'],
  ): Promise<SuggestionInput['texted']> {
    const { items } = await interactions.timeline(party, { kind: 'campaign-send', limit: 5 });
    const seen = new Set<string>();
    const texted: Array<{ campaignId: string; decision: OfferDecision }> = [];
    for (const entry of items) {
      const campaignId = entry.details?.campaignId;
      const offeringId = entry.details?.offeringId;
      if (typeof campaignId !== 'string' || typeof offeringId !== 'string') continue;
      if (seen.has(campaignId)) continue;
      seen.add(campaignId);
      const { decisions } = await this.deps.services().offers.offersFor({
        channel: 'agent',
        party,
        cart,
        campaignId,
      });
      const decision = decisions.find((candidate) => candidate.offering.id === offeringId);
      if (decision) texted.push({ campaignId, decision });
    }
    return texted;
  }

  private async currentPlan(
    party: PartyRef,
    decisions: readonly OfferDecision[],
    snapshot: Awaited<ReturnType<CatalogSnapshotSource['current']>>,
    request: OfferRequest,
    customers: AssistServices['customers'],
  ): Promise<SuggestionInput['currentPlan']> {
    if (!party.customerId) return undefined;
    const customer = await customers.find(party.customerId);
    const plan = customer?.subscriptions.find(
      (subscription) => subscription.isPlan && subscription.status === 'active',
    );
    if (!plan) return undefined;
    const decision = decisions.find((candidate) => candidate.offering.id === plan.offeringId);
    let recurring = decision?.offered ? decision.price.recurring : undefined;
    if (!recurring) {
      try {
        recurring = snapshot.priceConfiguration({
          ...request,
          offeringId: plan.offeringId,
          characteristics: {},
        }).price.recurring;
      } catch {
        return undefined;
      }
    }
    const allowance = plan.characteristics?.dataAllowanceGB;
    return {
      offeringId: plan.offeringId,
      name: plan.offeringName,
      recurring,
      ...(typeof allowance === 'number' ? { allowanceGb: allowance } : {}),
    };
  }

  private summaryOf(call: LiveCallDocument): string {
    const lines = call.lines.length;
    const talked = [...new Set(call.needs.map((need) => NEED_WORDS[need.kind](need)))];
    const parts = [`Call with an agent, ${lines} ${lines === 1 ? 'line' : 'lines'} transcribed.`];
    if (talked.length > 0) parts.push(`She talked about ${talked.join('; ')}.`);
    if (call.suggestions.length > 0) {
      parts.push(
        `Suggested: ${call.suggestions
          .map((suggestion) => `${suggestion.name} (${STATUS_WORDS[suggestion.status]})`)
          .join(', ')}.`,
      );
    } else parts.push('Nothing was suggested.');
    const phrases = this.phraseViews(call);
    const missed = phrases.filter((phrase) => !phrase.heard).map((phrase) => phrase.label);
    if (phrases.length > 0)
      parts.push(
        missed.length === 0 ? 'Every required phrase was said.' : `Not said: ${missed.join(', ')}.`,
      );
    const summary = parts.join(' ');
    return summary.length > 500 ? `${summary.slice(0, 497)}...` : summary;
  }

  private phraseViews(call: Pick<LiveCallDocument, 'heardPhrases'>): LivePhraseView[] {
    const heard = new Set(call.heardPhrases);
    return this.deps.phrases.map((phrase) => ({
      id: phrase.id,
      label: phrase.label,
      text: phrase.text,
      heard: heard.has(phrase.id),
    }));
  }

  private callView(call: LiveCallDocument): LiveCallView {
    return {
      callSid: call._id,
      handoverId: call.handoverId,
      partyKey: call.partyKey,
      state: call.state,
      lines: sortedLines(call).map((line) => ({
        callSid: call._id,
        handoverId: call.handoverId,
        partyKey: call.partyKey,
        speaker: line.speaker,
        text: line.text,
        final: true,
        sequence: line.sequence,
        at: new Date(line.at).toISOString(),
      })),
      suggestions: call.suggestions.map((suggestion) => suggestionViewOf(call, suggestion)),
      phrases: this.phraseViews(call),
      ...(call.summary ? { summary: call.summary } : {}),
    };
  }

  private emitState(call: LiveCallDocument): void {
    this.deps.namespace.to(panelRoom(call.party)).emit('livecall:state', this.callView(call));
  }

  private suggestionView(
    call: LiveCallDocument,
    suggestionId: string,
    status: LiveSuggestion['status'],
  ): LiveSuggestionView {
    const suggestion = call.suggestions.find((candidate) => candidate.id === suggestionId)!;
    return suggestionViewOf(call, { ...suggestion, status });
  }
}

function sortedLines(call: LiveCallDocument): StoredLine[] {
  return [...call.lines].sort((a, b) => a.sequence - b.sequence);
}

function lineView(line: LiveTranscriptLine, key: string): LiveLineView {
  return {
    callSid: line.callSid,
    handoverId: line.handoverId,
    partyKey: key,
    speaker: line.speaker,
    text: line.text,
    final: line.final,
    sequence: line.sequence,
    at: line.at.toISOString(),
  };
}

function suggestionViewOf(
  call: Pick<LiveCallDocument, '_id' | 'handoverId' | 'partyKey'>,
  suggestion: LiveSuggestion,
): LiveSuggestionView {
  return {
    callSid: call._id,
    handoverId: call.handoverId,
    partyKey: call.partyKey,
    id: suggestion.id,
    offeringId: suggestion.offeringId,
    name: suggestion.name,
    characteristics: suggestion.characteristics,
    price: suggestion.price,
    priceText: priceWords(suggestion.price),
    reason: suggestion.reason,
    status: suggestion.status,
  };
}
