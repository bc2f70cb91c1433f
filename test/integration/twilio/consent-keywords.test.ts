import { OUTBOUND_SMS_QUEUE } from '../../../src/connectors/twilio/outbound-sms-processor';
import { DEFAULT_HELP_TEXT } from '../../../src/connectors/twilio/inbound-sms-processor';
import { RecipientOptedOutError } from '../../../src/domain/messaging';
import type { SmsMessage } from '../../../src/domain/messaging';
import {
  deliverInbound,
  eventually,
  inboundParams,
  startTwilioNode,
  storedMessages,
} from './harness';
import type { TwilioTestNode } from './harness';

interface OutboxEntry {
  to: string;
  body: string;
}

describe('sms consent and help keywords', () => {
  let node: TwilioTestNode;

  beforeAll(async () => {
    // A retry delay long enough for a STOP to land between two attempts.
    node = await startTwilioNode({ feature: { outbound: { backoffMs: 1500 } } });
  });

  afterAll(async () => {
    await node?.runtime.stop();
  });

  const outboxTo = async (phone: string): Promise<OutboxEntry[]> => {
    const response = await fetch(`${node.runtime.url}/dev/twilio/messages`);
    const { messages } = (await response.json()) as { messages: OutboxEntry[] };
    return messages.filter((message) => message.to === phone);
  };
  /** Texts `body` from `phone` and waits until the worker acted on it. */
  const text = async (phone: string, body: string): Promise<void> => {
    const params = inboundParams(node.runtime.config.TWILIO_ACCOUNT_SID, { from: phone, body });
    expect((await deliverInbound(node, params)).status).toBe(200);
    await eventually(async () => {
      const [stored] = await storedMessages(node, { twilioSid: params.MessageSid });
      return stored?.handledAt;
    });
  };
  const promotion = (to: string) =>
    node.feature.smsSender().send({ to, body: 'Double data this week', purpose: 'marketing' });

  it('refuses marketing after STOP, sending nothing, and allows it again after START', async () => {
    const phone = '+447700900201';
    await text(phone, '  Stop. ');

    await expect(promotion(phone)).rejects.toBeInstanceOf(RecipientOptedOutError);
    expect(await outboxTo(phone)).toEqual([]);
    expect(await storedMessages(node, { to: phone })).toEqual([]);

    await text(phone, 'start');
    const { messageId } = await promotion(phone);

    await eventually(async () => (await outboxTo(phone)).length === 1);
    await eventually(async () => {
      const [stored] = await storedMessages(node, { _id: messageId });
      return stored?.status === 'delivered';
    });
  });

  it('does not hand STOP, START or HELP to the conversation handler', async () => {
    const phone = '+447700900202';
    await text(phone, 'UNSUBSCRIBE');
    await text(phone, 'unstop');
    await text(phone, 'info');
    expect(node.handler.received.filter((message) => message.from === phone)).toEqual([]);
  });

  it('hands a YES to the conversation when the number is not opted out, consent untouched', async () => {
    const phone = '+447700900206';
    await text(phone, 'Yes');
    expect(node.handler.received.filter((message) => message.from === phone)).toEqual([
      expect.objectContaining({ body: 'Yes' }),
    ]);
    expect(
      await node.runtime.mongo.connection
        .collection('sms_consents')
        .findOne({ _id: phone } as never),
    ).toBeNull();
  });

  it('takes YES as an opt-in only from a number that opted out', async () => {
    const phone = '+447700900207';
    await text(phone, 'STOP');
    await expect(promotion(phone)).rejects.toBeInstanceOf(RecipientOptedOutError);
    await text(phone, 'YES!');
    expect(node.handler.received.filter((message) => message.from === phone)).toEqual([]);
    await promotion(phone);
    await eventually(async () => (await outboxTo(phone)).length === 1);
  });

  it('answers HELP with the help text as a transactional message', async () => {
    const phone = '+447700900203';
    await text(phone, 'help');

    const [reply] = await eventually(async () => {
      const sent = await outboxTo(phone);
      return sent.length > 0 ? sent : undefined;
    });
    expect(reply?.body).toBe(DEFAULT_HELP_TEXT);
    const [stored] = await storedMessages(node, { to: phone, direction: 'outbound' });
    expect(stored?.purpose).toBe('transactional');
  });

  it('still sends transactional messages to a number that opted out of marketing', async () => {
    const phone = '+447700900204';
    await text(phone, 'STOP');
    const { messageId } = await node.feature
      .smsSender()
      .send({ to: phone, body: 'Your order is complete', purpose: 'transactional' });
    await eventually(async () => (await outboxTo(phone)).length === 1);
    expect(messageId).toMatch(/^sms_/);
  });

  it('drops a queued marketing message when STOP arrives before it reaches Twilio', async () => {
    const phone = '+447700900205';
    node.feature.standIn()!.failNext(1, { status: 503 });
    const { messageId } = await promotion(phone);
    const job = await node.runtime.queues.queue(OUTBOUND_SMS_QUEUE).getJob(messageId);
    await eventually(async () => (await job?.getState()) === 'delayed');

    await text(phone, 'STOP');

    const failed = await eventually(async () => {
      const [stored] = await storedMessages(node, { _id: messageId });
      return stored?.status === 'failed' ? stored : undefined;
    }, 15_000);
    expect(failed).toMatchObject<Partial<SmsMessage>>({ status: 'failed', errorCode: 21610 });
    expect(await outboxTo(phone)).toEqual([]);
  });
});
