import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startServiceProcess } from '../../support/service-process';

/**
 * The embedded MongoDB runs as a process of its own: killed under writes, it is reported and
 * restarted on the same port, the service answers ready again, and nothing acknowledged is lost.
 */
const describeEmbedded = process.env.MONGODB_URI ? describe.skip : describe;

async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEmbedded('the embedded MongoDB process killed under load', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'omnichannel-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is restarted, the service becomes ready again, and every acknowledged write survives', async () => {
    const service = await startServiceProcess({
      MONGODB_DATA_DIR: dataDir,
      REDIS_URL: process.env.REDIS_URL ?? '',
      REDIS_KEY_PREFIX: `crash-${process.pid}`,
      SEED_DEMO_DATA: 'never',
    });
    try {
      const started = service.logs.find((line) => typeof line.mongoPid === 'number');
      const mongoPid = started?.mongoPid as number;
      expect(mongoPid).toBeGreaterThan(0);
      expect(mongoPid).not.toBe(service.child.pid);

      const { uri } = JSON.parse(
        readFileSync(path.join(dataDir, 'embedded-server.json'), 'utf8'),
      ) as { uri: string };
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 15_000 });
      const probes = client.db('omnichannel').collection<{ _id: number }>('crash_probe');
      const acknowledged: number[] = [];
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          try {
            await probes.insertOne({ _id: i });
            acknowledged.push(i);
          } catch {
            // Refused while the server is down: not acknowledged, so nothing is owed.
          }
        }
      })();
      await until(() => (acknowledged.length >= 50 ? true : undefined));
      process.kill(mongoPid, 'SIGKILL');

      await until(() =>
        service.logs.some((line) => line.msg === 'the embedded MongoDB process is back')
          ? true
          : undefined,
      );
      const before = acknowledged.length;
      await until(() => (acknowledged.length > before + 20 ? true : undefined));
      stop = true;
      await writer;

      await until(async () =>
        (await fetch(`${service.url}/ready`)).status === 200 ? true : undefined,
      );
      const stored = new Set((await probes.find().toArray()).map((doc) => doc._id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      await client.close();
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });
});
