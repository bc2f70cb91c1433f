import { registerSmsMessageModel } from '../../../src/domain/messaging';
import type { SmsMessage } from '../../../src/domain/messaging';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { inboundParams, postSigned } from '../twilio/harness';
import { converse, eventually, startAppNode, textFrom } from './bot-harness';
import type { AppNode } from './bot-harness';

/** Two app nodes sharing MongoDB and Redis, each with its workers, as in production. */
describe('inbound SMS to the bot: once per MessageSid, consent on the customer record', () => {
  let mongo: TestMongo;
  let first: AppNode;
  let second: AppNode;

  beforeAll(async () => {
    mongo = await startTestMongo();
    first = await startAppNode({ mongoUri: mongo.uri });
    second = await startAppNode({ mongoUri: mongo.uri, seed: false });
  });
  afterAll(async () => {
    await first?.runtime.stop();
    await second?.runtime.stop();
    await mongo?.stop();
  });

  const repliesToStacy = () =>
    registerSmsMessageModel(first.runtime.mongo.connection)
      .find({ direction: 'outbound', to: stacyMobile, idempotencyKey: /^bot-reply:/ })
      .lean<SmsMessage[]>();

  it('answers a message delivered to both nodes (a Twilio retry) exactly once', async () => {
    const params = inboundParams(first.runtime.config.TWILIO_ACCOUNT_SID, {
      from: stacyMobile,
      body: 'show my cart',
    });
    const before = (await repliesToStacy()).length;
    const deliveries = await Promise.all(
      [first, second, first].map((node) =>
        postSigned(`${node.url}/webhooks/twilio/sms`, params, {
          authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
          signedUrl: `${node.runtime.config.PUBLIC_BASE_URL}/webhooks/twilio/sms`,
        }),
      ),
    );
    expect(deliveries.map((response) => response.status)).toEqual([200, 200, 200]);
    await eventually(repliesToStacy, (replies) => replies.length > before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const replies = (await repliesToStacy()).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.idempotencyKey).toBe(`bot-reply:${params.MessageSid}:0`);

    const { items } = await first.features.customers.services.interactions.timeline(
      { customerId: seededCustomerIds.stacy },
      { channel: 'sms', kind: 'message' },
    );
    expect(items.filter((item) => item.ref?.id === params.MessageSid)).toHaveLength(1);
  });

  it('records STOP on her consent, refuses marketing to her, and START opts her back in', async () => {
    const customers = first.features.customers.services.customers;
    const sms = first.features.twilio.smsSender();
    await textFrom(first, stacyMobile, 'STOP');
    await eventually(
      () => customers.get(seededCustomerIds.stacy),
      (customer) => customer.consent.smsMarketing?.status === 'opted-out',
    );
    await expect(
      sms.send({ to: stacyMobile, body: 'Summer Data Double: 2x data', purpose: 'marketing' }),
    ).rejects.toMatchObject({ name: 'RecipientOptedOutError' });

    await textFrom(first, stacyMobile, 'START');
    await eventually(
      () => customers.get(seededCustomerIds.stacy),
      (customer) => customer.consent.smsMarketing?.status === 'opted-in',
    );
    // Twilio itself blocks every message to a number that texted STOP until START; after it the
    // bot answers her again.
    expect(await converse(first, stacyMobile, 'show my cart')).toMatch(/cart/i);
    await expect(
      sms.send({ to: stacyMobile, body: 'Summer Data Double: 2x data', purpose: 'marketing' }),
    ).resolves.toMatchObject({ messageId: expect.any(String) });
    const customer = await customers.get(seededCustomerIds.stacy);
    expect(customer.consent.history.map((entry) => [entry.status, entry.source])).toEqual(
      expect.arrayContaining([
        ['opted-out', 'sms-keyword'],
        ['opted-in', 'sms-keyword'],
      ]),
    );
  });
});
