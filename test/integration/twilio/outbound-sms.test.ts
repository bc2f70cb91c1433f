import { OUTBOUND_SMS_QUEUE } from '../../../src/connectors/twilio/outbound-sms-processor';
import type { SmsMessage } from '../../../src/domain/messaging';
import {
  CUSTOMER,
  eventually,
  pause,
  postSigned,
  startTwilioNode,
  storedMessages,
} from './harness';
import type { TwilioTestNode } from './harness';

interface OutboxEntry {
  sid: string;
  to: string;
  body: string;
  status: string;
}

describe('twilio outbound sms through the stand-in', () => {
  let node: TwilioTestNode;

  beforeAll(async () => {
    node = await startTwilioNode();
  });

  afterAll(async () => {
    await node?.runtime.stop();
  });

  const outbox = async (): Promise<OutboxEntry[]> => {
    const response = await fetch(`${node.runtime.url}/dev/twilio/messages`);
    return ((await response.json()) as { messages: OutboxEntry[] }).messages;
  };
  const message = async (messageId: string): Promise<SmsMessage> => {
    const [stored] = await storedMessages(node, { _id: messageId });
    if (!stored) throw new Error(`no message ${messageId}`);
    return stored;
  };
  const settled = (messageId: string, status: SmsMessage['status']) =>
    eventually(async () => {
      const current = await message(messageId);
      return current.status === status ? current : undefined;
    });
  const postStatus = (twilioSid: string, status: string) => {
    const url = `${node.runtime.url}/webhooks/twilio/status`;
    return postSigned(
      url,
      {
        MessageSid: twilioSid,
        SmsSid: twilioSid,
        MessageStatus: status,
        SmsStatus: status,
        AccountSid: node.runtime.config.TWILIO_ACCOUNT_SID,
        From: '+15005550006',
        To: CUSTOMER,
        ApiVersion: '2010-04-01',
      },
      { authToken: node.runtime.config.TWILIO_AUTH_TOKEN },
    );
  };

  it('retries 429s and reaches delivered through signed status callbacks, sending once', async () => {
    node.feature.standIn()!.failNext(2, { status: 429 });

    const { messageId } = await node.feature
      .smsSender()
      .send({ to: CUSTOMER, body: 'Your order is complete', purpose: 'transactional' });

    const delivered = await settled(messageId, 'delivered');
    const sent = (await outbox()).filter((entry) => entry.body === 'Your order is complete');
    expect(sent).toEqual([
      expect.objectContaining({ to: CUSTOMER, status: 'delivered', sid: delivered.twilioSid }),
    ]);
    const job = await node.runtime.queues.queue(OUTBOUND_SMS_QUEUE).getJob(messageId);
    expect(job?.attemptsStarted).toBe(3);
  });

  it('keeps delivered when a late sent (or failed) callback arrives', async () => {
    const { messageId } = await node.feature
      .smsSender()
      .send({ to: CUSTOMER, body: 'late callbacks', purpose: 'transactional' });
    const delivered = await settled(messageId, 'delivered');

    const late = [
      await postStatus(delivered.twilioSid!, 'sent'),
      await postStatus(delivered.twilioSid!, 'failed'),
    ];

    expect(late.map((response) => response.status)).toEqual([200, 200]);
    expect((await message(messageId)).status).toBe('delivered');
  });

  it('applies callbacks that arrive out of order: delivered, then sent', async () => {
    const { messageId } = await node.feature
      .smsSender()
      .send({ to: CUSTOMER, body: 'out of order', purpose: 'transactional' });
    const queued = await eventually(async () => {
      const current = await message(messageId);
      return current.twilioSid ? current : undefined;
    });

    await postStatus(queued.twilioSid!, 'delivered');
    await postStatus(queued.twilioSid!, 'sent');

    expect((await message(messageId)).status).toBe('delivered');
  });

  it('refuses an unsigned status callback', async () => {
    const response = await postSigned(
      `${node.runtime.url}/webhooks/twilio/status`,
      { MessageSid: 'SM' + '0'.repeat(32), MessageStatus: 'delivered' },
      { authToken: 'someone-else-s-token-0123456789' },
    );
    expect(response.status).toBe(403);
  });

  it('fails a message Twilio refuses with a 4xx at once, keeping Twilio’s error code', async () => {
    const { messageId } = await node.feature
      .smsSender()
      .send({ to: '+15005550001', body: 'to an invalid number', purpose: 'transactional' });

    const failed = await settled(messageId, 'failed');

    expect(failed.errorCode).toBe(21211);
    const job = await node.runtime.queues.queue(OUTBOUND_SMS_QUEUE).getJob(messageId);
    expect(job?.attemptsStarted).toBe(1);
  });

  it('records an opt-out when Twilio answers 21610 (unsubscribed recipient)', async () => {
    const { messageId } = await node.feature
      .smsSender()
      .send({ to: '+15005550004', body: 'to an unsubscribed number', purpose: 'transactional' });

    expect((await settled(messageId, 'failed')).errorCode).toBe(21610);
    await eventually(async () => !(await node.feature.consent().isOptedIn('+15005550004')));
  });

  it('delivers an injected inbound SMS signed, like Twilio', async () => {
    const response = await fetch(`${node.runtime.url}/dev/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: '+447700900555',
        body: 'I want the promo from your text',
        mediaUrls: ['https://cdn.example/photo.jpg'],
      }),
    });

    expect(response.status).toBe(201);
    const { messageSid, webhookStatus } = (await response.json()) as {
      messageSid: string;
      webhookStatus: number;
    };
    expect(webhookStatus).toBe(200);
    expect(messageSid).toMatch(/^MM[0-9a-f]{32}$/);
    const received = await eventually(async () =>
      node.handler.received.find((inbound) => inbound.twilioSid === messageSid),
    );
    expect(received).toMatchObject({
      from: '+447700900555',
      to: node.runtime.config.TWILIO_FROM_NUMBER,
      body: 'I want the promo from your text',
      media: [{ url: 'https://cdn.example/photo.jpg', contentType: 'image/jpeg' }],
    });
  });

  it('shows the outbox on a page with every text escaped', async () => {
    await node.feature
      .smsSender()
      .send({ to: CUSTOMER, body: '<script>alert(1)</script>', purpose: 'transactional' });
    await eventually(async () =>
      (await outbox()).some((entry) => entry.body === '<script>alert(1)</script>'),
    );

    const response = await fetch(`${node.runtime.url}/dev/twilio`);
    const page = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<form method="post" action="/dev/twilio/inbound">');
  });

  it('lets the page’s form text the service as any number', async () => {
    const response = await fetch(`${node.runtime.url}/dev/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from: '+447700900777', to: '', body: 'from the page' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dev/twilio');
    await eventually(async () =>
      node.handler.received.find((inbound) => inbound.body === 'from the page'),
    );
    await pause(10);
  });
});

describe('the twilio stand-in REST API', () => {
  let node: TwilioTestNode;
  let messagesUrl: string;
  let authorization: string;

  beforeAll(async () => {
    node = await startTwilioNode();
    const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } = node.runtime.config;
    messagesUrl = `${node.runtime.url}/dev/twilio/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages.json`;
    authorization = `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`).toString('base64')}`;
  });

  afterAll(async () => {
    await node?.runtime.stop();
  });

  const create = (form: Record<string, string>, auth = authorization) =>
    fetch(messagesUrl, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });

  it('answers 201 with Twilio’s Message resource', async () => {
    const response = await create({ To: CUSTOMER, From: '+15005550006', Body: 'hello' });

    expect(response.status).toBe(201);
    const resource = (await response.json()) as Record<string, unknown>;
    expect(resource).toMatchObject({
      account_sid: node.runtime.config.TWILIO_ACCOUNT_SID,
      api_version: '2010-04-01',
      body: 'hello',
      direction: 'outbound-api',
      error_code: null,
      from: '+15005550006',
      num_segments: '1',
      price: null,
      status: 'queued',
      to: CUSTOMER,
    });
    expect(resource.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(resource.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(resource.uri).toBe(
      `/2010-04-01/Accounts/${node.runtime.config.TWILIO_ACCOUNT_SID}/Messages/${String(resource.sid)}.json`,
    );
  });

  it('rejects bad credentials with 401 and code 20003', async () => {
    const response = await create(
      { To: CUSTOMER, From: '+15005550006', Body: 'hello' },
      `Basic ${Buffer.from(`${node.runtime.config.TWILIO_ACCOUNT_SID}:wrong`).toString('base64')}`,
    );

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it.each([
    [{ To: '0770 090 0123', From: '+15005550006', Body: 'x' }, 21211],
    [{ From: '+15005550006', Body: 'x' }, 21604],
    [{ To: CUSTOMER, Body: 'x' }, 21603],
    [{ To: CUSTOMER, From: '+15005550006' }, 21602],
    [{ To: CUSTOMER, From: '+15559999999', Body: 'x' }, 21606],
  ])('rejects %j with 400 and Twilio code %i', async (form, code) => {
    const response = await create(form);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code, status: 400 });
  });
});
