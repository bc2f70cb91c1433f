import { INBOUND_SMS_QUEUE } from '../../../src/connectors/twilio/inbound-sms-processor';
import { newMessageSid } from '../../../src/connectors/twilio/message-sid';
import {
  deliverInbound,
  eventually,
  inboundParams,
  pause,
  postSigned,
  startTwilioNode,
  storedMessages,
} from './harness';
import type { TwilioTestNode } from './harness';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

describe('twilio inbound sms webhook', () => {
  let node: TwilioTestNode;
  let accountSid: string;
  let authToken: string;

  beforeAll(async () => {
    node = await startTwilioNode();
    accountSid = node.runtime.config.TWILIO_ACCOUNT_SID;
    authToken = node.runtime.config.TWILIO_AUTH_TOKEN;
  });

  afterAll(async () => {
    await node?.runtime.stop();
  });

  it('answers a signed message with empty TwiML, stores it and hands it to the handler once', async () => {
    const params = inboundParams(accountSid, { body: 'how much is the 20 GB add-on?' });
    params.SomeFieldTwilioAddsLater = 'ignored';

    const response = await deliverInbound(node, params);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe(EMPTY_TWIML);
    const received = await eventually(async () =>
      node.handler.received.find((message) => message.twilioSid === params.MessageSid),
    );
    expect(received).toMatchObject({
      from: '+447700900123',
      to: '+15005550006',
      body: 'how much is the 20 GB add-on?',
      media: [],
    });
    const [stored] = await storedMessages(node, { twilioSid: params.MessageSid });
    expect(stored).toMatchObject({ direction: 'inbound', status: 'received' });
    expect(stored?.handledAt).toBeInstanceOf(Date);
  });

  it('keeps MediaUrl0 and MediaUrl1 as attachments', async () => {
    const params = inboundParams(accountSid, {
      body: 'this one',
      media: [
        ['https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', 'image/jpeg'],
        ['https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2', 'image/png'],
      ],
    });

    expect((await deliverInbound(node, params)).status).toBe(200);

    const [stored] = await storedMessages(node, { twilioSid: params.MessageSid });
    expect(stored?.media).toEqual([
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
        contentType: 'image/jpeg',
      },
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
        contentType: 'image/png',
      },
    ]);
  });

  it('refuses a forged signature with 403 and stores nothing', async () => {
    const params = inboundParams(accountSid, { body: 'forged' });

    const response = await postSigned(`${node.runtime.url}/webhooks/twilio/sms`, params, {
      authToken: 'not-our-auth-token-0123456789',
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      '@type': 'Error',
      code: 'FORBIDDEN',
      status: '403',
    });
    expect(await storedMessages(node, { twilioSid: params.MessageSid })).toHaveLength(0);
  });

  it('refuses a request without a signature', async () => {
    const params = inboundParams(accountSid, { body: 'unsigned' });
    const response = await fetch(`${node.runtime.url}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    expect(response.status).toBe(403);
  });

  it('refuses a valid signature computed for another URL', async () => {
    const params = inboundParams(accountSid, { body: 'elsewhere' });

    const otherPath = await postSigned(`${node.runtime.url}/webhooks/twilio/sms`, params, {
      authToken,
      signedUrl: `${node.publicUrl}/webhooks/twilio/status`,
    });
    const otherHost = await postSigned(`${node.runtime.url}/webhooks/twilio/sms`, params, {
      authToken,
      signedUrl: 'https://attacker.example/webhooks/twilio/sms',
    });

    expect(otherPath.status).toBe(403);
    expect(otherHost.status).toBe(403);
    expect(await storedMessages(node, { twilioSid: params.MessageSid })).toHaveLength(0);
  });

  it('refuses parameters changed after signing', async () => {
    const params = inboundParams(accountSid, { body: 'STOP' });
    const signature = (await import('twilio')).default.getExpectedTwilioSignature(
      authToken,
      `${node.publicUrl}/webhooks/twilio/sms`,
      params,
    );
    const response = await postSigned(
      `${node.runtime.url}/webhooks/twilio/sms`,
      { ...params, Body: 'START' },
      { authToken, signature },
    );
    expect(response.status).toBe(403);
  });

  it('processes a replayed MessageSid once', async () => {
    const params = inboundParams(accountSid, { body: 'replayed' });

    const responses = [await deliverInbound(node, params), await deliverInbound(node, params)];
    await eventually(async () =>
      node.handler.received.some((message) => message.twilioSid === params.MessageSid),
    );
    await pause(300);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(await storedMessages(node, { twilioSid: params.MessageSid })).toHaveLength(1);
    expect(
      node.handler.received.filter((message) => message.twilioSid === params.MessageSid),
    ).toHaveLength(1);
    const job = await node.runtime.queues.queue(INBOUND_SMS_QUEUE).getJob(params.MessageSid!);
    expect(await job?.getState()).toBe('completed');
  });

  it('refuses a signed message for another account or with a malformed sid with 400', async () => {
    const foreign = inboundParams('AC' + 'f'.repeat(32), { body: 'other account' });
    const malformed = inboundParams(accountSid, { body: 'bad sid', sid: 'SM123' });

    const responses = [await deliverInbound(node, foreign), await deliverInbound(node, malformed)];

    expect(responses.map((response) => response.status)).toEqual([400, 400]);
    expect(await responses[1]!.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await storedMessages(node, { twilioSid: foreign.MessageSid })).toHaveLength(0);
  });

  it('accepts a message without optional parameters', async () => {
    const sid = newMessageSid();
    const response = await deliverInbound(node, {
      MessageSid: sid,
      AccountSid: accountSid,
      From: '+447700900124',
      To: '+15005550006',
      Body: 'minimal',
    });
    expect(response.status).toBe(200);
  });
});
