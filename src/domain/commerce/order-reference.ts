import type { Connection } from 'mongoose';

/** The first reference handed out: four digits from the start, so every one reads the same way. */
const FIRST_REFERENCE = 1001;
const COUNTER_ID = 'order-reference';

/**
 * The short number a customer quotes for her order ("order 4821"): the order id is for systems and
 * is never read aloud or texted. One shared counter makes it unique across every app node.
 */
export async function nextOrderReference(connection: Connection): Promise<string> {
  const counter = await connection
    .collection<{ _id: string; seq: number }>('counters')
    .findOneAndUpdate(
      { _id: COUNTER_ID },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
  return String(FIRST_REFERENCE - 1 + (counter?.seq ?? 1));
}
