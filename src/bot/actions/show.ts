import type { CharacteristicSelection } from '../../domain/catalog/characteristics';
import { isAppError } from '../../domain/shared/errors';
import { remember } from '../state/conversation-state';
import { dateInWords } from '../replies/dates';
import { orderStatusReply } from '../replies/cart-replies';
import { menuReply, textReply } from '../replies/conversation-replies';
import { commandValue } from '../replies/values';
import { offerCardReply, offerListReply, rankOffers } from '../replies/offer-replies';
import { whyNotForHer, whyOfferedToHer } from '../replies/offer-reasons';
import type { ReasonContext } from '../replies/offer-reasons';
import type { OfferedDecision } from '../replies/offer-replies';
import type { TurnFacts } from '../turn/turn-facts';

const MAX_LISTED = 5;

/** What her reasons are judged on: her account, her cart, and everything the catalog decided. */
export async function reasonContextOf(facts: TurnFacts): Promise<ReasonContext> {
  const [{ customer, decisions }, view] = await Promise.all([facts.offers(), facts.cart()]);
  return { customer, decisions, cartOfferingIds: view.cart.items.map((item) => item.offeringId) };
}

/** Offers she may buy now: not one she has, has in her cart, or has on order. */
async function buyableOffers(facts: TurnFacts): Promise<OfferedDecision[]> {
  const [{ decisions }, held] = await Promise.all([facts.offers(), facts.held()]);
  return rankOffers(decisions).filter(
    (decision) => !held.inCart.has(decision.offering.id) && !held.ordered.has(decision.offering.id),
  );
}

export async function showOffers(facts: TurnFacts, intro = 'Here is what I can offer you:') {
  const offers = (await buyableOffers(facts)).slice(0, MAX_LISTED);
  remember(facts.memory, 'listed offers');
  await facts.say(offerListReply(offers, intro));
}

/**
 * The offers her promotion texts are about: those priced with a promotion for her first (a
 * campaign she received), then the catalog's promotional offers.
 */
export async function promotedOffers(facts: TurnFacts): Promise<OfferedDecision[]> {
  const offered = await buyableOffers(facts);
  const discounted = offered.filter((decision) => decision.price.promotions.length > 0);
  const promotional = offered.filter(
    (decision) =>
      decision.price.promotions.length === 0 &&
      decision.offering.category.some((category) => category.name === 'Promotions'),
  );
  return [...discounted, ...promotional];
}

/**
 * One offer at this channel's price for her (for the configuration she named, if any), with why it
 * is offered; or why it cannot be bought here, and where it can.
 */
/**
 * "Data Boost is already in your cart": said instead of offering again what she will have. True
 * when it was said.
 */
export async function sayAlreadyComing(facts: TurnFacts, offeringId: string): Promise<boolean> {
  const held = await facts.held();
  const name = (await facts.names())(offeringId) ?? 'That';
  if (held.inCart.has(offeringId)) {
    remember(facts.memory, `said ${name} is in the cart`);
    await facts.say({
      blocks: [
        {
          kind: 'choices',
          prompt: `${name} is already in your cart.`,
          options: [
            { id: commandValue('checkout'), label: 'Check out' },
            { id: commandValue('cart'), label: 'My cart' },
            { id: commandValue('browse'), label: 'Keep shopping' },
          ],
        },
      ],
    });
    return true;
  }
  if (held.ordered.has(offeringId)) {
    remember(facts.memory, `said ${name} is on order`);
    await facts.say(
      textReply(`You have already ordered ${name}. I will let you know as soon as it is active.`),
    );
    return true;
  }
  return false;
}

export async function showOffer(
  facts: TurnFacts,
  offeringId: string,
  characteristics: CharacteristicSelection = {},
  lead?: string,
): Promise<void> {
  const { decisions } = await facts.offers();
  const decision = decisions.find((candidate) => candidate.offering.id === offeringId);
  facts.memory.focusOfferingId = offeringId;
  if (!decision) {
    await facts.say(textReply('I cannot find that offer any more.'));
    return;
  }
  if (decision.offered && (await sayAlreadyComing(facts, offeringId))) return;
  if (!decision.offered) {
    const reason = decision.whyNot[0];
    if (reason?.code === 'already-subscribed') {
      // Not a refusal: she has it already.
      remember(facts.memory, `said she already has ${decision.offering.name}`);
      await facts.say(menuReply(`You already have ${decision.offering.name}. Anything else?`));
      return;
    }
    const where =
      reason?.code === 'not-sellable-on-channel' && reason.related?.includes('selfcare')
        ? ` You can get it in self-care at ${facts.services.portalUrl}/self-care, or ask for a person.`
        : reason?.code === 'not-sellable-on-channel'
          ? ' Ask for a person and a colleague can help.'
          : '';
    remember(facts.memory, `explained why ${decision.offering.name} is not available`);
    await facts.say(
      textReply(
        `Sorry, ${decision.offering.name} is not available to you: ${whyNotForHer(reason, await reasonContextOf(facts))}.${where}`,
      ),
    );
    return;
  }
  let price = decision.price;
  if (Object.keys(characteristics).length > 0) {
    try {
      const snapshot = await facts.snapshot();
      const customer = (await facts.offers()).customer;
      const campaignId = facts.campaignId;
      price = snapshot.priceConfiguration({
        offeringId,
        characteristics,
        channel: facts.channel,
        customer,
        now: facts.services.clock.now(),
        ...(campaignId ? { campaignId } : {}),
      }).price;
    } catch (error) {
      if (!isAppError(error)) throw error;
    }
  }
  remember(facts.memory, `showed ${decision.offering.name}`);
  const reasons = whyOfferedToHer(decision, await reasonContextOf(facts));
  await facts.say(offerCardReply(decision, price, lead, reasons));
}

export async function showCart(facts: TurnFacts, lead?: string): Promise<void> {
  remember(facts.memory, 'showed the cart');
  await facts.say(await facts.cartReply(await facts.cart(), lead));
}

export async function showOrders(facts: TurnFacts): Promise<void> {
  const { customerId } = facts.party;
  if (!customerId) {
    await facts.say(textReply('I can look up orders once I know who you are.'));
    return;
  }
  const { orders } = await facts.services.orders.listOrders(
    { customerId },
    { offset: 0, limit: 3 },
  );
  remember(facts.memory, 'gave order status');
  await facts.say(orderStatusReply(orders));
}

export async function makeQuote(facts: TurnFacts): Promise<void> {
  const view = await facts.cart();
  if (view.cart.items.length === 0) {
    await facts.say(await facts.cartReply(view));
    return;
  }
  const { quote } = await facts.services.quotes.createQuote(view.cart._id, facts.channel);
  const until = dateInWords(quote.validFor.endDateTime, facts.services.clock.now());
  remember(facts.memory, `quoted ${quote._id}`);
  await facts.say({
    blocks: [
      { kind: 'text', text: `Here is your quote. These prices are held for you until ${until}.` },
      {
        kind: 'cartSummary',
        lines: quote.items.map((item) => ({
          name: item.offeringName,
          quantity: item.quantity,
          ...(item.line.recurring.amount > 0 ? { recurring: item.line.recurring } : {}),
          ...(item.line.oneTime.amount > 0 ? { oneTime: item.line.oneTime } : {}),
        })),
        totals: quote.totals,
      },
    ],
  });
}
