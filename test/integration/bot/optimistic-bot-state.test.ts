import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import type { BotState } from 'botbuilder';
import { MongoStorage } from '../../../src/bot/state/mongo-storage';
import { OptimisticBotState } from '../../../src/bot/state/optimistic-bot-state';
import { isETagConflictError } from '../../../src/bot/state/etag-conflict-error';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';

describe('OptimisticBotState on MongoStorage', () => {
  let mongo: TestMongo;
  let connection: Connection;
  let storage: MongoStorage;
  let conversationCounter = 0;

  beforeAll(async () => {
    mongo = await startTestMongo();
    connection = await mongoose.createConnection(mongo.uri).asPromise();
    storage = new MongoStorage(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  function optimisticState(): OptimisticBotState {
    return new OptimisticBotState(
      storage,
      async (context) => `conv/${context.activity.conversation.id}`,
    );
  }

  /** A turn of its own in a fresh conversation per test, as two app nodes would each have. */
  function turnIn(conversationId: string): TurnContext {
    return new TurnContext(new TestAdapter(), {
      type: 'message',
      channelId: 'test',
      conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
      from: { id: 'user', name: 'user' },
      recipient: { id: 'bot', name: 'bot' },
      text: 'hi',
    });
  }

  function newConversation(): string {
    conversationCounter += 1;
    return `c${conversationCounter}`;
  }

  /** Both turns load the stored counter, each adds one and saves. */
  async function twoOverlappingTurns(state: BotState, conversationId: string) {
    const counter = state.createProperty<number>('counter');
    const seed = turnIn(conversationId);
    await counter.set(seed, 1);
    await state.saveChanges(seed, true);

    const turns = [turnIn(conversationId), turnIn(conversationId)];
    for (const turn of turns) await counter.set(turn, (await counter.get(turn, 0)) + 1);
    return Promise.allSettled(turns.map((turn) => state.saveChanges(turn)));
  }

  it('makes the later of two overlapping turns fail with an eTag conflict', async () => {
    const outcomes = await twoOverlappingTurns(optimisticState(), newConversation());

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(isETagConflictError(failure?.reason)).toBe(true);
  });

  it('shows why it exists: plain ConversationState lets both overlapping turns win', async () => {
    const conversationId = newConversation();
    const plain = new ConversationState(storage);

    const outcomes = await twoOverlappingTurns(plain, conversationId);

    expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
  });

  it('saves several times in one turn, refreshing its eTag after each save', async () => {
    const state = optimisticState();
    const counter = state.createProperty<number>('counter');
    const turn = turnIn(newConversation());

    for (const value of [1, 2, 3]) {
      await counter.set(turn, value);
      await state.saveChanges(turn);
    }

    expect(await counter.get(turn)).toBe(3);
    expect(await counter.get(turnIn(turn.activity.conversation.id))).toBe(3);
  });

  it('skips the write when nothing changed', async () => {
    const state = optimisticState();
    const turn = turnIn(newConversation());
    // A property read with a default writes the default, which is a change; a bare load is not.
    await state.load(turn);

    await state.saveChanges(turn);

    expect(await storage.read([`conv/${turn.activity.conversation.id}`])).toEqual({});
  });

  it('counts turns in a TestAdapter transcript', async () => {
    const state = optimisticState();
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter(async (context) => {
      const next = (await counter.get(context, 0)) + 1;
      await counter.set(context, next);
      await state.saveChanges(context);
      await context.sendActivity(`turn ${next}`);
    });

    await adapter.send('a').assertReply('turn 1').send('b').assertReply('turn 2');
  });
});
