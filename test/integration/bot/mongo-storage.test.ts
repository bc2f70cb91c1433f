import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { ConversationState, MemoryStorage, TestAdapter, UserState } from 'botbuilder';
import type { Storage, StoreItem } from 'botbuilder';
import { MongoStorage } from '../../../src/bot/state/mongo-storage';
import { isETagConflictError } from '../../../src/bot/state/etag-conflict-error';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';

describe('MongoStorage', () => {
  let mongo: TestMongo;
  let connection: Connection;
  let storage: MongoStorage;

  beforeAll(async () => {
    mongo = await startTestMongo();
    connection = await mongoose.createConnection(mongo.uri).asPromise();
    storage = new MongoStorage(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  async function readOne(key: string): Promise<StoreItem | undefined> {
    const items = await storage.read([key]);
    return items[key] as StoreItem | undefined;
  }

  async function eTagOf(key: string): Promise<string> {
    const eTag = (await readOne(key))?.eTag;
    if (!eTag) throw new Error(`no stored item for ${key}`);
    return eTag;
  }

  it('reads nothing for keys that were never written', async () => {
    expect(await storage.read(['missing-1', 'missing-2'])).toEqual({});
    expect(await storage.read([])).toEqual({});
  });

  it('round-trips items and returns only the keys that exist', async () => {
    await storage.write({
      'round/a': { count: 1, nested: { list: [1, 'two'] } },
      'round/b': { x: true },
    });

    const items = await storage.read(['round/a', 'round/b', 'round/missing']);

    expect(Object.keys(items).sort()).toEqual(['round/a', 'round/b']);
    expect(items['round/a']).toEqual({
      count: 1,
      nested: { list: [1, 'two'] },
      eTag: expect.any(String),
    });
  });

  it('gives every successful write a new eTag without touching the caller object', async () => {
    const item = { value: 'first' };
    await storage.write({ 'etag/key': item });
    const first = await eTagOf('etag/key');

    const next = { value: 'second', eTag: first };
    await storage.write({ 'etag/key': next });
    const second = await eTagOf('etag/key');

    expect(second).not.toBe(first);
    expect(item).toEqual({ value: 'first' });
    expect(next).toEqual({ value: 'second', eTag: first });
  });

  it('refuses a write carrying a stale eTag and keeps the stored item', async () => {
    await storage.write({ 'stale/key': { owner: 'a' } });
    const stale = await eTagOf('stale/key');
    await storage.write({ 'stale/key': { owner: 'b', eTag: stale } });

    const attempt = storage.write({ 'stale/key': { owner: 'c', eTag: stale } });

    await expect(attempt).rejects.toThrow(
      'Storage: error writing "stale/key" due to eTag conflict.',
    );
    expect(await readOne('stale/key')).toMatchObject({ owner: 'b' });
  });

  it('treats a key that is missing or was deleted meanwhile as a conflict', async () => {
    await expect(storage.write({ 'never/written': { v: 1, eTag: 'made-up' } })).rejects.toThrow(
      /eTag conflict/,
    );
    expect(await readOne('never/written')).toBeUndefined();

    await storage.write({ 'deleted/key': { v: 1 } });
    const eTag = await eTagOf('deleted/key');
    await storage.delete(['deleted/key']);
    await expect(storage.write({ 'deleted/key': { v: 2, eTag } })).rejects.toThrow(/eTag conflict/);
    expect(await readOne('deleted/key')).toBeUndefined();
  });

  it("overwrites unconditionally with '*' or with no eTag", async () => {
    await storage.write({ 'star/key': { v: 1 } });
    await storage.write({ 'star/key': { v: 2, eTag: '*' } });
    expect(await readOne('star/key')).toMatchObject({ v: 2 });
    await storage.write({ 'star/key': { v: 3 } });
    expect(await readOne('star/key')).toMatchObject({ v: 3 });
  });

  it('lets exactly one of two writers holding the same eTag win', async () => {
    await storage.write({ 'race/key': { winner: 'nobody' } });
    const eTag = await eTagOf('race/key');

    const outcomes = await Promise.allSettled(
      ['left', 'right'].map((winner) => storage.write({ 'race/key': { winner, eTag } })),
    );

    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isETagConflictError(lost[0])).toBe(true);
    const stored = await readOne('race/key');
    expect(['left', 'right']).toContain(stored?.winner);
    expect(stored?.eTag).not.toBe(eTag);
  });

  it('survives many concurrent unconditional creations of one new key', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, writer) => storage.write({ 'create-race/key': { writer } })),
    );
    expect(await readOne('create-race/key')).toMatchObject({ writer: expect.any(Number) });
  });

  it('writes the other keys of a batch and throws for the conflicting one', async () => {
    await storage.write({ 'batch/ok': { v: 1 } });

    const attempt = storage.write({
      'batch/ok': { v: 2, eTag: await eTagOf('batch/ok') },
      'batch/conflict': { v: 2, eTag: 'stale' },
    });

    await expect(attempt).rejects.toThrow('"batch/conflict"');
    expect(await readOne('batch/ok')).toMatchObject({ v: 2 });
  });

  it('deletes keys, ignoring ones that do not exist', async () => {
    await storage.write({ 'del/a': { v: 1 }, 'del/b': { v: 2 } });
    await storage.delete(['del/a', 'del/missing']);
    expect(Object.keys(await storage.read(['del/a', 'del/b']))).toEqual(['del/b']);
    await storage.delete([]);
  });

  it('round-trips keys and values that MongoDB restricts in field names', async () => {
    const key = 'emulator/conversations/$weird.key/users/a.b';
    const value = { 'a.b': 1, $set: { '$inc.x': 'y' }, '': 'empty', '10': 'ten', '2': 'two' };

    await storage.write({ [key]: value });

    expect(await readOne(key)).toEqual({ ...value, eTag: expect.any(String) });
  });

  it('stores one document per key in the bot_state collection', async () => {
    await storage.write({ 'doc/key': { v: 1 } });
    const document = await connection.collection('bot_state').findOne({ _id: 'doc/key' as never });
    expect(document).toMatchObject({ state: '{"v":1}', eTag: expect.any(String) });
  });
});

describe('MongoStorage behind botbuilder state', () => {
  let mongo: TestMongo;
  let connection: Connection;

  beforeAll(async () => {
    mongo = await startTestMongo();
    connection = await mongoose.createConnection(mongo.uri).asPromise();
  });

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  /** A bot counting turns per conversation and per user; a new adapter stands for a new process. */
  function countingBot(storage: Storage): TestAdapter {
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const turns = conversationState.createProperty<number>('turns');
    const visits = userState.createProperty<number>('visits');
    return new TestAdapter(async (context) => {
      const turn = (await turns.get(context, 0)) + 1;
      const visit = (await visits.get(context, 0)) + 1;
      await turns.set(context, turn);
      await visits.set(context, visit);
      await context.sendActivity(`turn ${turn}, visit ${visit}`);
      await conversationState.saveChanges(context);
      await userState.saveChanges(context);
    });
  }

  it('persists conversation and user state across turns and bot instances', async () => {
    const storage = new MongoStorage(connection);

    await countingBot(storage)
      .send('hi')
      .assertReply('turn 1, visit 1')
      .send('again')
      .assertReply('turn 2, visit 2');
    await countingBot(storage).send('back').assertReply('turn 3, visit 3');

    const keys = (await connection.collection('bot_state').find().toArray()).map((d) =>
      String(d._id),
    );
    expect(keys.sort()).toEqual(['test/conversations/Convo1/', 'test/users/user1/']);
  });

  it('behaves like MemoryStorage for the same conversation', async () => {
    const transcript = (bot: TestAdapter) =>
      bot.send('one').assertReply('turn 1, visit 1').send('two').assertReply('turn 2, visit 2');
    await transcript(countingBot(new MemoryStorage()));
    await connection.collection('bot_state').deleteMany({});
    await transcript(countingBot(new MongoStorage(connection)));
  });
});
