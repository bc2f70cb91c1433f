import { randomBytes } from 'node:crypto';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { eventually, startAppNode } from '../bot/bot-harness';
import type { AppNode } from '../bot/bot-harness';
import { postSigned } from '../twilio/harness';
import { closeWindow, whatsappFrom, whatsappOutboxTo } from './harness';

const sid = () => `SM${randomBytes(16).toString('hex')}`;

/** Twilio's WhatsApp protocol, both ways: signed webhooks in, the Messages and Content APIs out. */
describe('WhatsApp webhooks and the stand-in', () => {
  let node: AppNode;
  let params: (overrides?: Record<string, string>) => Record<string, string>;
  const basic = () =>
    `Basic ${Buffer.from(
      `${node.runtime.config.TWILIO_ACCOUNT_SID}:${node.runtime.config.TWILIO_AUTH_TOKEN}`,
    ).toString('base64')}`;
  const webhook = (body: Record<string, string>, signature?: string) =>
    postSigned(`${node.url}/webhooks/twilio/whatsapp`, body, {
      authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
      ...(signature ? { signature } : {}),
    });
  const stored = (filter: Record<string, unknown>) =>
    node.runtime.mongo.connection.collection('whatsapp_messages').find(filter).toArray();

  beforeAll(async () => {
    node = await startAppNode();
    params = (overrides = {}) => ({
      MessageSid: sid(),
      AccountSid: node.runtime.config.TWILIO_ACCOUNT_SID,
      From: 'whatsapp:+447700900456',
      To: 'whatsapp:+14155238886',
      Body: 'hi',
      NumMedia: '0',
      WaId: '447700900456',
      ProfileName: 'Sam',
      ...overrides,
    });
  });
  afterAll(async () => node?.runtime.stop());

  it('refuses a forged webhook and a malformed one, storing nothing', async () => {
    const forged = params();
    expect((await webhook(forged, 'bm90LWEtc2lnbmF0dXJl')).status).toBe(403);
    const sms = params({ From: '+447700900456' });
    const malformed = await webhook(sms);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/From/);
    expect(await stored({ twilioSid: { $in: [forged.MessageSid, sms.MessageSid] } })).toEqual([]);
  });

  it('answers a redelivered message once', async () => {
    const message = params({ Body: 'what offers do you have?' });
    expect((await webhook(message)).status).toBe(200);
    expect((await webhook(message)).status).toBe(200);
    await eventually(
      () => whatsappOutboxTo(node, '+447700900456'),
      (messages) => messages.length >= 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await whatsappOutboxTo(node, '+447700900456')).toHaveLength(1);
    expect(await stored({ twilioSid: message.MessageSid })).toHaveLength(1);
  });

  it('fails a free-form message outside her window with 63016, as Twilio does', async () => {
    await whatsappFrom(node, '+447700900457', 'hello');
    await closeWindow(node, '+447700900457');
    const form = new URLSearchParams({
      To: 'whatsapp:+447700900457',
      From: 'whatsapp:+14155238886',
      Body: 'Anything new?',
      StatusCallback: `${node.url}/webhooks/twilio/whatsapp/status?messageId=wam_test`,
    });
    const response = await fetch(
      `${node.url}/dev/twilio/2010-04-01/Accounts/${node.runtime.config.TWILIO_ACCOUNT_SID}/Messages.json`,
      {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      },
    );
    // Accepted, then failed: the error arrives with the status callback.
    expect(response.status).toBe(201);
    const { sid: messageSid } = (await response.json()) as { sid: string };
    const failed = await eventually(
      async () => (await whatsappOutboxTo(node, '+447700900457')).find((m) => m.sid === messageSid),
      (message) => message?.status === 'failed',
    );
    expect(failed!.error_code).toBe(63016);

    // The service itself never sends free text into a closed window: that is CHANNEL_CLOSED.
    const outlet = node.features.outlets.get('whatsapp');
    await expect(
      outlet.send({ to: '+447700900457', body: 'Anything new?', purpose: 'transactional' }),
    ).rejects.toMatchObject({ code: 'CHANNEL_CLOSED' });
  });

  it('checks what the Messages and Content APIs are given', async () => {
    const send = (fields: Record<string, string>) =>
      fetch(
        `${node.url}/dev/twilio/2010-04-01/Accounts/${node.runtime.config.TWILIO_ACCOUNT_SID}/Messages.json`,
        {
          method: 'POST',
          headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: 'whatsapp:+447700900458', ...fields }),
        },
      ).then(async (response) => ({
        status: response.status,
        code: ((await response.json()) as { code?: number }).code,
      }));
    expect(await send({ From: 'whatsapp:+447700900999', Body: 'hi' })).toEqual({
      status: 400,
      code: 63007,
    });
    expect(
      await send({ From: 'whatsapp:+14155238886', ContentSid: `HX${'0'.repeat(31)}9` }),
    ).toEqual({ status: 400, code: 21655 });

    const content = (body: unknown) =>
      fetch(`${node.url}/dev/twilio/content/v1/Content`, {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const fourButtons = await content({
      friendly_name: 'too_many',
      language: 'en',
      types: {
        'twilio/quick-reply': {
          body: 'Pick one',
          actions: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })),
        },
      },
    });
    expect(fourButtons.status).toBe(400);
    expect((await content({ friendly_name: 'x', language: 'en', types: {} })).status).toBe(400);
    expect(
      (
        await fetch(`${node.url}/dev/twilio/content/v1/Content`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });

  it('takes STOP on WhatsApp as her opt-out of WhatsApp promotions, and tells her so', async () => {
    await node.features.customers.services.customers.setMarketingConsent(
      seededCustomerIds.stacy,
      'whatsapp',
      { status: 'opted-in', source: 'selfcare' },
    );
    await whatsappFrom(node, stacyMobile, 'STOP');
    const answer = await eventually(
      () => whatsappOutboxTo(node, stacyMobile),
      (messages) => messages.some((message) => message.body.includes('promotions')),
    );
    expect(answer.at(-1)!.body).toMatch(/won't get promotions from us on WhatsApp/);
    const stacy = await node.features.customers.services.customers.get(seededCustomerIds.stacy);
    expect(stacy.consent.whatsappMarketing).toMatchObject({
      status: 'opted-out',
      source: 'whatsapp',
    });
    // Her SMS promotions are another consent, untouched.
    expect(stacy.consent.smsMarketing?.status).toBe('opted-in');
  });

  it('lets a developer write from the page and read the buttons and list items tapped', async () => {
    const number = '+447700900789';
    const form = await fetch(`${node.url}/dev/twilio/whatsapp/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        from: number,
        body: 'what offers do you have?',
        buttonPayload: '',
      }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/dev/twilio');
    await eventually(
      () => whatsappOutboxTo(node, number),
      (messages) => messages.length >= 1,
    );
    const page = await (await fetch(`${node.url}/dev/twilio`)).text();
    // Her own message is listed with what was written to the service, from her WhatsApp address.
    expect(page).toContain(
      `whatsapp:${number}</td><td>whatsapp:+14155238886</td><td>200</td><td>what offers do you have?`,
    );
    // The offers list shows each item with the id a tap sends, so the page can be used as a phone.
    expect(page).toMatch(/\[Data Boost\][^\n]*\(tap sends offer:po-data-boost\)/);
  });
});
