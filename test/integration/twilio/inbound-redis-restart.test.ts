import type { InboundSms } from '../../../src/domain/messaging';
import { startRestartableRedis } from '../../support/restartable-redis';
import type { RestartableRedis } from '../../support/restartable-redis';
import { RecordingHandler, deliverInbound, inboundParams, pause, startTwilioNode } from './harness';
import type { TwilioTestNode } from './harness';

/** Takes its time over each message, as a bot turn does, so a backlog waits in Redis. */
class SlowHandler extends RecordingHandler {
  override async handle(message: InboundSms): Promise<void> {
    await pause(600);
    await super.handle(message);
  }
}

/**
 * Redis restarts with none of its data while a burst of webhooks is being worked through: the
 * queued jobs are gone, but every accepted message is in MongoDB and must still be acted on, once.
 */
describe('inbound SMS through a Redis that comes back empty', () => {
  let redis: RestartableRedis;
  let node: TwilioTestNode;

  beforeAll(async () => {
    redis = await startRestartableRedis();
    node = await startTwilioNode({
      handler: new SlowHandler(),
      env: {
        REDIS_URL: redis.url,
        INBOUND_SMS_SWEEP_AFTER_MS: '1000',
        INBOUND_SMS_SWEEP_INTERVAL_MS: '250',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await node?.runtime.stop();
    await redis?.stop();
  }, 60_000);

  it('acts on each of 40 accepted messages exactly once', async () => {
    const { TWILIO_ACCOUNT_SID } = node.runtime.config;
    const burst = Array.from({ length: 40 }, (_, index) =>
      inboundParams(TWILIO_ACCOUNT_SID, { body: `message ${index}` }),
    );
    const started = Date.now();
    const answers: Array<Promise<number>> = [];
    let restarted: Promise<void> | undefined;
    // 20 per second; Redis loses everything 1.5 s in.
    for (const params of burst) {
      answers.push(deliverInbound(node, params).then((response) => response.status));
      await pause(50);
      if (!restarted && Date.now() - started >= 1500) restarted = redis.restartEmpty();
    }
    await restarted;
    expect(await Promise.all(answers)).toEqual(burst.map(() => 200));

    const sids = burst.map((params) => params.MessageSid!);
    const timesActedOn = () => {
      const counts = new Map(sids.map((sid) => [sid, 0]));
      for (const message of node.handler.received) {
        counts.set(message.twilioSid, (counts.get(message.twilioSid) ?? 0) + 1);
      }
      return counts;
    };
    const deadline = Date.now() + 30_000;
    while ([...timesActedOn().values()].some((count) => count === 0) && Date.now() < deadline) {
      await pause(100);
    }
    // Long enough for any second run (a job re-created while the first still ran) to show.
    await pause(2000);
    const never = sids.filter((sid) => timesActedOn().get(sid) === 0);
    const twice = sids.filter((sid) => (timesActedOn().get(sid) ?? 0) > 1);
    expect({ never, twice }).toEqual({ never: [], twice: [] });
    expect(node.handler.received).toHaveLength(40);
  }, 60_000);
});
