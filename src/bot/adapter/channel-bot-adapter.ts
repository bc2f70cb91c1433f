import { BotAdapter, TurnContext } from 'botbuilder';
import type { Activity, ConversationReference, ResourceResponse } from 'botbuilder';
import { newId } from '../../domain/shared/ids';

const OUTBOX = Symbol('outbox');

/**
 * The botbuilder adapter every connector feeds. Connectors own the transport (Twilio webhooks and
 * queues, socket.io), so this adapter does not send anything itself: it runs one inbound activity
 * through the middleware and the bot, and hands back what the bot said in that turn. Proactive
 * messages go through the connectors' own senders, not `continueConversation`.
 */
export class ChannelBotAdapter extends BotAdapter {
  async processActivity(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
    /** Puts what middleware needs into the turn state before any middleware runs. */
    prepare?: (context: TurnContext) => void,
  ): Promise<Array<Partial<Activity>>> {
    const context = new TurnContext(this, activity);
    const outbox: Array<Partial<Activity>> = [];
    context.turnState.set(OUTBOX, outbox);
    prepare?.(context);
    await this.runMiddleware(context, logic);
    return outbox;
  }

  async sendActivities(
    context: TurnContext,
    activities: Array<Partial<Activity>>,
  ): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX) as Array<Partial<Activity>> | undefined;
    if (!outbox) throw new Error('sendActivities outside a turn of this adapter');
    return activities.map((activity) => {
      const id = activity.id ?? newId('act');
      // Typing indicators and delays are transport concerns the connectors handle themselves.
      if (activity.type === 'message') outbox.push({ ...activity, id });
      return { id };
    });
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('Sent messages cannot be edited on SMS, voice or web chat'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('Sent messages cannot be deleted on SMS, voice or web chat'));
  }

  continueConversation(
    _reference: Partial<ConversationReference>,
    _logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    return Promise.reject(
      new Error('Proactive messages go through the channel connectors, not the bot adapter'),
    );
  }
}
