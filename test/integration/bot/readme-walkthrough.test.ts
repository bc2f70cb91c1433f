import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { converse, forgetOpenOrders, startAppNode } from './bot-harness';
import type { AppNode } from './bot-harness';

const stacy = { customerId: seededCustomerIds.stacy };

/**
 * The README's "Talk to the bot", exactly as written, through the Twilio stand-in's signed
 * webhooks, the inbound queue, the bot and the outbound queue: Stacy texts, reads the outbox, answers.
 */
describe("the README's SMS walk-through", () => {
  let node: AppNode;

  beforeAll(async () => {
    // Orders stay in progress (provisioning unreachable); each test forgets the ones before it.
    node = await startAppNode({ env: { PROVISIONING_BASE_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => node?.runtime.stop());

  beforeEach(async () => {
    await node.runtime.mongo.connection.collection('bot_state').deleteMany({});
    await forgetOpenOrders(node, stacy.customerId);
  });

  const ordersOfStacy = async () =>
    (await node.features.commerce.services.orders.listOrders(stacy, { offset: 0, limit: 10 }))
      .orders;

  async function expectPlaced(placed: string, dataSize: number) {
    const reference = /order number is (\d{4,})/.exec(placed)?.[1];
    expect(reference).toBeDefined();
    expect(placed).not.toMatch(/po_/);
    const [order] = await ordersOfStacy();
    expect(order).toMatchObject({
      reference,
      channel: 'sms',
      customerConsent: { given: true, method: 'sms-reply' },
      items: [
        expect.objectContaining({
          offeringId: catalogSeedIds.dataBoost,
          characteristics: expect.objectContaining({ dataSize, startDate: 'immediately' }),
        }),
      ],
    });
  }

  it('in words: "the 20 GB one", "now", "check out", then "Y"', async () => {
    const offers = await converse(node, stacyMobile, 'what offers do you have?');
    expect(offers).toMatch(/^Here is what I can offer you:\n1\) Data Boost - £3.00 a month/);
    expect(offers.match(/^\d\) /gm)).toHaveLength(5);
    expect(offers).not.toMatch(/Business|2019/);

    const start = await converse(node, stacyMobile, 'the 20 GB one');
    expect(start).toMatch(/When should Data Boost start\?/);
    expect(start).toMatch(/or MENU to leave this/);
    expect(start).not.toMatch(/CANCEL|STOP/i);

    const added = await converse(node, stacyMobile, 'now');
    expect(added).toMatch(/Added Data Boost/);
    expect(added).toMatch(/Data Boost \(20 GB, Immediately\): £8.00 a month/);
    expect(added).toMatch(/Check out/);

    const confirm = await converse(node, stacyMobile, 'check out');
    expect(confirm).toMatch(/Place this order for £8.00 a month\?/);
    expect(confirm).toMatch(/Reply Y to confirm or N to leave it/);

    await expectPlaced(await converse(node, stacyMobile, 'Y'), 20);
  });

  it('with numbers: "1" for Data Boost, "1" to add it, "2" for 10 GB, "asap", "check out", then "yes"', async () => {
    await converse(node, stacyMobile, 'what offers do you have?');
    const card = await converse(node, stacyMobile, '1');
    expect(card).toMatch(/Data Boost: £3.00 a month/);
    expect(card).toMatch(/Because you're on Unlimited Talk & Text 30 GB\./);
    expect(card).not.toMatch(/Why:|Eligible|Required subscription|Can be ordered/);

    const size = await converse(node, stacyMobile, '1');
    expect(size).toMatch(/Which data size would you like for Data Boost\?/);
    expect(size).toMatch(/2\) 10 GB - £5.00 a month/);

    const start = await converse(node, stacyMobile, '2');
    expect(start).toMatch(/When should Data Boost start\?/);
    expect(await converse(node, stacyMobile, 'asap')).toMatch(/Added Data Boost/);

    const confirm = await converse(node, stacyMobile, 'check out');
    expect(confirm).toMatch(/Place this order for £5.00 a month\?/);

    // YES is a carrier opt-in keyword, but from a number that is not opted out it is her answer.
    await expectPlaced(await converse(node, stacyMobile, 'yes'), 10);
    const consent = await node.features.customers.services.customers.find(stacy.customerId);
    expect(JSON.stringify(consent?.consent ?? {})).not.toMatch(/sms-keyword/);
  });
});
