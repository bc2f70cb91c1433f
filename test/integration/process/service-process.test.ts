import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { runToExit, startServiceProcess } from '../../support/service-process';

/**
 * The service as a user runs it: its own process, embedded MongoDB on disk, no MONGODB_URI.
 * (With MONGODB_URI set, the suite targets a real MongoDB and this embedded-only test is skipped.)
 */
// Each case starts the service (and its embedded MongoDB) as processes two or three times.
jest.setTimeout(90_000);

const describeEmbedded = process.env.MONGODB_URI ? describe.skip : describe;

describeEmbedded('the service process on embedded defaults', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'omnichannel-data-'));
  const env = {
    MONGODB_DATA_DIR: dataDir,
    REDIS_URL: process.env.REDIS_URL ?? '',
    REDIS_KEY_PREFIX: `proc-${process.pid}`,
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const embeddedUri = () =>
    (
      JSON.parse(readFileSync(path.join(dataDir, 'embedded-server.json'), 'utf8')) as {
        uri: string;
      }
    ).uri;

  it('starts ready, keeps data across a restart, and exits 0 on SIGTERM', async () => {
    const first = await startServiceProcess(env);
    expect((await fetch(`${first.url}/ready`)).status).toBe(200);

    const client = await MongoClient.connect(embeddedUri());
    await client
      .db('omnichannel')
      .collection('restart_probe')
      .insertOne({ _id: 'written-by-first-start' as never, at: new Date() });
    await client.close();

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.logs.some((line) => line.msg === 'shut down cleanly')).toBe(true);

    const second = await startServiceProcess(env);
    try {
      const again = await MongoClient.connect(embeddedUri());
      const found = await again
        .db('omnichannel')
        .collection('restart_probe')
        .findOne({ _id: 'written-by-first-start' as never });
      await again.close();
      expect(found).not.toBeNull();
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('lets a separate worker process join the app’s embedded server', async () => {
    const app = await startServiceProcess({ ...env, RUN_WORKERS: 'false' });
    try {
      const worker = await startServiceProcess(env, 'worker');
      expect(
        worker.logs.some(
          (line) => line.msg === 'joined the embedded MongoDB server of another process',
        ),
      ).toBe(true);
      expect(await worker.stop()).toBe(0);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });
});

describe('start-up configuration errors', () => {
  it('stops with a message naming the variable and what it expects', async () => {
    const { code, stderr } = await runToExit({ PORT: 'eighty', TWILIO_FROM_NUMBER: '0612345678' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('TWILIO_FROM_NUMBER: must be an E.164 number');
  });

  it('refuses development secrets in production', async () => {
    const { code, stderr } = await runToExit({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toContain('JWT_SECRET: the development secret is refused in production');
  });

  it('names every missing production variable in one readable list, without a stack trace', async () => {
    const { code, stderr } = await runToExit({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-real-secret-from-the-vault-0123456789abcdef',
      TWILIO_AUTH_TOKEN: '5f4dcc3b5aa765d61d8327deb882cf99',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('MONGODB_URI: required in production');
    expect(stderr).toContain('PROVISIONING_BASE_URL: required in production');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
