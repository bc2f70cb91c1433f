import { INBOUND_SMS_QUEUE } from '../../../src/connectors/twilio/inbound-sms-processor';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import {
  RecordingHandler,
  deliverInbound,
  eventually,
  inboundParams,
  pause,
  postSigned,
  startTwilioNode,
  storedMessages,
} from './harness';
import type { TwilioTestNode } from './harness';

/** Two app nodes behind one public address, sharing MongoDB and Redis, as in production. */
describe('twilio inbound sms on two app nodes behind a proxy', () => {
  const env = { PUBLIC_BASE_URL: 'https://sales.operator.example' };
  const handler = new RecordingHandler();
  let mongo: TestMongo;
  let first: TwilioTestNode;
  let second: TwilioTestNode;

  beforeAll(async () => {
    mongo = await startTestMongo();
    first = await startTwilioNode({ env, mongoUri: mongo.uri, handler });
    second = await startTwilioNode({ env, mongoUri: mongo.uri, handler });
  });

  afterAll(async () => {
    await first?.runtime.stop();
    await second?.runtime.stop();
    await mongo?.stop();
  });

  it('validates signatures over the public URL, not the address the proxy forwarded to', async () => {
    const accountSid = first.runtime.config.TWILIO_ACCOUNT_SID;
    const params = inboundParams(accountSid, { body: 'via the proxy' });

    const signedForPublic = await deliverInbound(first, params);
    const signedForLocal = await postSigned(
      `${first.runtime.url}/webhooks/twilio/sms`,
      inboundParams(accountSid, { body: 'local' }),
      { authToken: first.runtime.config.TWILIO_AUTH_TOKEN },
    );

    expect(signedForPublic.status).toBe(200);
    expect(signedForLocal.status).toBe(403);
  });

  it('stores and processes one MessageSid once when both nodes receive it at the same time', async () => {
    const params = inboundParams(first.runtime.config.TWILIO_ACCOUNT_SID, {
      body: 'both nodes got me',
    });

    const responses = await Promise.all([
      deliverInbound(first, params),
      deliverInbound(second, params),
      deliverInbound(first, params),
      deliverInbound(second, params),
    ]);
    await eventually(async () =>
      handler.received.some((message) => message.twilioSid === params.MessageSid),
    );
    await pause(500);

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(await storedMessages(first, { twilioSid: params.MessageSid })).toHaveLength(1);
    expect(
      handler.received.filter((message) => message.twilioSid === params.MessageSid),
    ).toHaveLength(1);
    const queue = first.runtime.queues.queue(INBOUND_SMS_QUEUE);
    const job = await queue.getJob(params.MessageSid!);
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsStarted).toBe(1);
  });
});
