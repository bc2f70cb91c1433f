import { MongoServerError } from 'mongodb';
import { uniqueName, useMongo } from './harness';

const h = useMongo();

describe('server commands', () => {
  it('answers ping, hello and buildInfo', async () => {
    expect(await h.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await h.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    const info = await h.db.admin().buildInfo();
    expect(typeof info.version).toBe('string');
  });
});

describe('error shapes', () => {
  it('rejects unknown commands with CommandNotFound', async () => {
    const error = await h.db.command({ definitelyNotACommand: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound', ok: 0 });
  });

  it('rejects unknown query operators with BadValue', async () => {
    const coll = h.db.collection(uniqueName('badOp'));
    await coll.insertOne({ a: 1 });
    const error = await coll
      .find({ a: { $notAnOperator: 1 } })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 2, codeName: 'BadValue' });
  });

  it('rejects invalid collection names with InvalidNamespace', async () => {
    await expect(h.db.command({ insert: 'bad$name', documents: [{ a: 1 }] })).rejects.toMatchObject(
      { code: 73 },
    );
  });

  it('reports NamespaceExists when creating an existing collection', async () => {
    const name = uniqueName('exists');
    await h.db.createCollection(name);
    await expect(h.db.createCollection(name)).rejects.toMatchObject({
      code: 48,
      codeName: 'NamespaceExists',
    });
  });
});

describe('catalog commands', () => {
  it('lists collections with filters and nameOnly', async () => {
    const name = uniqueName('listed');
    await h.db.createCollection(name);
    await h.db.collection(uniqueName('other')).insertOne({});
    const byName = await h.db.listCollections({ name }).toArray();
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatchObject({ name, type: 'collection' });
    const names = await h.db.listCollections({}, { nameOnly: true }).toArray();
    expect(names.map((c) => c.name)).toContain(name);
  });

  it('drops collections and lists databases', async () => {
    const name = uniqueName('dropme');
    await h.db.collection(name).insertOne({ a: 1 });
    const { databases } = await h.db.admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(h.db.databaseName);
    expect(await h.db.collection(name).drop()).toBe(true);
    const left = await h.db.listCollections({ name }).toArray();
    expect(left).toHaveLength(0);
  });

  it('renames collections', async () => {
    const from = uniqueName('renameFrom');
    const to = uniqueName('renameTo');
    await h.db.collection(from).insertOne({ a: 1 });
    await h.db.renameCollection(from, to);
    expect(await h.db.collection(to).countDocuments()).toBe(1);
    expect(await h.db.listCollections({ name: from }).toArray()).toHaveLength(0);
  });

  it('drops a whole database', async () => {
    const other = h.client.db(`${h.db.databaseName}_extra`);
    await other.collection('c').insertOne({ a: 1 });
    expect(await other.dropDatabase()).toBe(true);
    const { databases } = await h.db.admin().listDatabases();
    expect(databases.map((d) => d.name)).not.toContain(other.databaseName);
  });
});
