import mongoose, { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';

interface Customer {
  email: string;
  name: string;
  visits: number;
  tier?: string;
}

interface Order {
  customer: Types.ObjectId;
  total: number;
}

describe('mongoose against the server', () => {
  let mongo: TestMongo;
  let connection: Connection;
  let Customers: Model<Customer>;
  let Orders: Model<Order>;

  beforeAll(async () => {
    mongo = await startTestMongo();
    connection = await mongoose.createConnection(mongo.uri, { autoIndex: false }).asPromise();
    const customerSchema = new Schema<Customer>({
      email: { type: String, required: true, unique: true },
      name: { type: String, required: true },
      visits: { type: Number, default: 0 },
      tier: String,
    });
    customerSchema.index({ name: 1, tier: 1 });
    Customers = connection.model<Customer>('Customer', customerSchema);
    Orders = connection.model<Order>(
      'Order',
      new Schema<Order>({
        customer: { type: Schema.Types.ObjectId, ref: 'Customer', required: true },
        total: Number,
      }),
    );
    await Customers.syncIndexes();
    await Orders.syncIndexes();
  });

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  it('syncs indexes idempotently', async () => {
    expect(await Customers.syncIndexes()).toEqual([]);
    const names = (await Customers.listIndexes())
      .map((index: { name: string }) => index.name)
      .sort();
    expect(names).toEqual(['_id_', 'email_1', 'name_1_tier_1']);
  });

  it('creates, reads, updates and deletes documents', async () => {
    const ann = await Customers.create({ email: 'ann@example.com', name: 'Ann' });
    expect(ann.visits).toBe(0);
    const found = await Customers.findOne({ email: 'ann@example.com' });
    expect(found?.name).toBe('Ann');
    expect(found?._id.equals(ann._id)).toBe(true);

    const updated = await Customers.findOneAndUpdate(
      { email: 'ann@example.com' },
      { $inc: { visits: 1 } },
      { returnDocument: 'after' },
    );
    expect(updated?.visits).toBe(1);

    await Customers.create([
      { email: 'bob@example.com', name: 'Bob' },
      { email: 'cy@example.com', name: 'Cy' },
    ]);
    const many = await Customers.updateMany({ visits: 0 }, { $set: { tier: 'basic' } });
    expect(many.modifiedCount).toBe(2);
    expect(await Customers.countDocuments({ tier: 'basic' })).toBe(2);

    const lean = await Customers.findOne({ email: 'bob@example.com' }).lean();
    expect(lean).toMatchObject({ email: 'bob@example.com', tier: 'basic' });
    expect(lean && 'save' in lean).toBe(false);

    const deleted = await Customers.deleteOne({ email: 'cy@example.com' });
    expect(deleted.deletedCount).toBe(1);
    expect(await Customers.countDocuments()).toBe(2);
  });

  it('populates references', async () => {
    const dee = await Customers.create({ email: 'dee@example.com', name: 'Dee' });
    await Orders.create({ customer: dee._id, total: 42 });
    const order = await Orders.findOne({ total: 42 }).populate<{ customer: Customer }>('customer');
    expect(order?.customer.email).toBe('dee@example.com');
  });

  it('surfaces duplicate keys as MongoServerError 11000', async () => {
    await Customers.create({ email: 'dup@example.com', name: 'One' });
    const error = await Customers.create({ email: 'dup@example.com', name: 'Two' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyValue: { email: 'dup@example.com' },
    });
    const updateError = await Customers.updateOne(
      { email: 'ann@example.com' },
      { email: 'dup@example.com' },
    ).catch((e: unknown) => e);
    expect(updateError).toMatchObject({ code: 11000 });
  });

  it('commits and rolls back with connection.transaction', async () => {
    await connection.transaction(async (session) => {
      await Customers.create([{ email: 'txn@example.com', name: 'Txn' }], { session });
      await Customers.updateOne({ email: 'ann@example.com' }, { $inc: { visits: 5 } }, { session });
    });
    expect(await Customers.countDocuments({ email: 'txn@example.com' })).toBe(1);
    expect((await Customers.findOne({ email: 'ann@example.com' }).lean())?.visits).toBe(6);

    await expect(
      connection.transaction(async (session) => {
        await Customers.create([{ email: 'rollback@example.com', name: 'Gone' }], { session });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await Customers.countDocuments({ email: 'rollback@example.com' })).toBe(0);
  });

  it('runs session.withTransaction through mongoose', async () => {
    const session = await connection.startSession();
    try {
      await session.withTransaction(async () => {
        await Customers.create([{ email: 'with@example.com', name: 'With' }], { session });
        expect(await Customers.countDocuments({ email: 'with@example.com' })).toBe(0);
        expect(await Customers.countDocuments({ email: 'with@example.com' }).session(session)).toBe(
          1,
        );
      });
    } finally {
      await session.endSession();
    }
    expect(await Customers.countDocuments({ email: 'with@example.com' })).toBe(1);
  });
});
