/**
 * A MongoDB for tests, each call with a database of its own, dropped on stop: on the real one named
 * by MONGODB_URI, else on the suite's embedded server process (started by the global setup), else
 * (a unit test, or a single file run without the setup) on a fresh in-process embedded server.
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../src/infra/mongo/embedded';

export interface TestMongo {
  /** Connection string including a database name unique to this call. */
  uri: string;
  stop(): Promise<void>;
}

let counter = 0;

function uniqueDbName(): string {
  counter += 1;
  return `test_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Puts `db` in the path of a mongodb:// URI, keeping hosts (possibly several) and options. */
export function withDatabase(uri: string, db: string): string {
  const schemeEnd = uri.indexOf('://') + 3;
  const rest = uri.slice(schemeEnd);
  const queryAt = rest.indexOf('?');
  const hostsEnd =
    [rest.indexOf('/'), queryAt].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? rest.length;
  const hosts = rest.slice(0, hostsEnd);
  const query = queryAt >= 0 ? rest.slice(queryAt) : '';
  return `${uri.slice(0, schemeEnd)}${hosts}/${db}${query}`;
}

export async function startTestMongo(): Promise<TestMongo> {
  const db = uniqueDbName();
  const external = process.env.MONGODB_URI ?? process.env.TEST_EMBEDDED_MONGO_URI;
  if (external) {
    const uri = withDatabase(external, db);
    return {
      uri,
      async stop() {
        const client = new MongoClient(uri);
        try {
          await client.db().dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  }
  const server = await startEmbeddedMongo();
  return { uri: withDatabase(server.uri, db), stop: () => server.close() };
}
