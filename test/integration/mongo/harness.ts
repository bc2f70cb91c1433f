/** Shared setup for the conformance suite: one server/database and one client per test file. */
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';

export interface Harness {
  mongo: TestMongo;
  client: MongoClient;
  db: Db;
}

/** Registers beforeAll/afterAll hooks and returns a live view of the harness. */
export function useMongo(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.mongo = await startTestMongo();
    harness.client = new MongoClient(harness.mongo.uri);
    await harness.client.connect();
    harness.db = harness.client.db();
  });
  afterAll(async () => {
    await harness.client?.close();
    await harness.mongo?.stop();
  });
  return harness;
}

let sequence = 0;
/** Collection names unique within the file so tests never see each other's data. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}_${sequence}`;
}
