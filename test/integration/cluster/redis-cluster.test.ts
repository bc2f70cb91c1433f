import { Cluster } from 'ioredis';
import { newCustomerDocument } from '../../../src/domain/customers/customer-service';
import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { stacyMobile } from '../../../src/seed/customers';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import {
  assistOf,
  connectConsole,
  eventually,
  outboxTo,
  staffUser,
  textFrom,
} from '../assist/assist-harness';
import type { AssistNode, Console } from '../assist/assist-harness';
import { shiftedClock } from '../campaigns/campaign-stack';
import { connectChat, createVisitor, send, textOf } from '../webchat/harness';
import type { ChatClient, ChatNode } from '../webchat/harness';
import { startRedisCluster } from './redis-cluster';
import type { RedisClusterUnderTest } from './redis-cluster';

const MANAGER_KEY = 'cluster-campaign-tool-secret-0123456789';
// Campaign sends respect quiet hours: run the campaigns at a London late morning, whatever the time.
const clock = shiftedClock('2025-06-10T11:00:00Z');

/**
 * The whole application on a Redis Cluster of three masters (no single Redis anywhere): BullMQ
 * queues with a hash tag each, the socket.io sharded adapter on Redis 7 sharded pub/sub, the
 * domain events and the locks, with two app nodes sharing one MongoDB as behind a load balancer.
 */
describe('the service on a three-master Redis Cluster, two app nodes', () => {
  let cluster: RedisClusterUnderTest;
  let mongo: TestMongo;
  let first: AssistNode;
  let second: AssistNode;
  const consoles: Console[] = [];
  const chats: ChatClient[] = [];

  const startNode = async (seed: boolean): Promise<AssistNode> => {
    const app: ApplicationFeatures = createApplicationFeatures({ campaigns: { clock } });
    const { assist, own } = assistOf(app);
    const runtime: TestRuntime = await startTestRuntime({
      mongoUri: mongo.uri,
      env: {
        REDIS_URL: '',
        REDIS_CLUSTER_NODES: cluster.nodesEnv,
        API_KEYS: `campaign-tool:campaign-manager:${MANAGER_KEY}`,
      },
      configure: async (context) => {
        await app.configure(context);
        await own?.configure(context);
        if (seed) {
          await seedDemoData({
            catalog: app.catalog.services.catalog,
            customerModels: app.customers.services.models,
          });
        }
      },
      configureApp: async (context) => {
        await app.configureApp(context);
        own?.configureApp(context);
      },
    });
    return { runtime, url: runtime.url!, app, users: app.users, webchat: app.webchat, assist };
  };

  /**
   * What was texted to `to`, from both nodes' Twilio stand-ins: a message is handed to the stand-in
   * of whichever node's worker took its job.
   */
  const textsTo = async (to: string) => [
    ...(await outboxTo(first, to)),
    ...(await outboxTo(second, to)),
  ];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    mongo = await startTestMongo();
    first = await startNode(true);
    second = await startNode(false);
  }, 60_000);
  afterEach(() => {
    for (const console of consoles.splice(0)) console.close();
    for (const chat of chats.splice(0)) chat.close();
  });
  afterAll(async () => {
    await first?.runtime.stop();
    await second?.runtime.stop();
    await mongo?.stop();
    await cluster?.stop();
  }, 30_000);

  it('runs on the cluster: each queue on its own hash slot, spread over the masters', async () => {
    expect(first.runtime.redis).toBeInstanceOf(Cluster);
    const names = first.runtime.queues.names;
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) {
      expect(first.runtime.queues.prefixOf(name)).toBe(
        `${first.runtime.config.REDIS_KEY_PREFIX}:{${name}}`,
      );
    }
    // The queues' keys landed on more than one master.
    const redis = first.runtime.redis as Cluster;
    const holders = await Promise.all(
      redis.nodes('master').map(async (node) => {
        const keys = await node.keys(`${first.runtime.config.REDIS_KEY_PREFIX}:{*`);
        return keys.length;
      }),
    );
    expect(holders.filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  it('holds an SMS conversation with the bot, texts arriving on either node', async () => {
    const seen = new Set((await textsTo(stacyMobile)).map((text) => text.body));
    const newTexts = async () =>
      (await textsTo(stacyMobile)).filter((text) => !seen.has(text.body));
    await textFrom(first, stacyMobile, 'what offers do you have?');
    const offers = await eventually(async () => {
      const texts = await newTexts();
      return texts.length > 0 ? texts : undefined;
    });
    expect(offers[0]!.body).toMatch(/Data Boost/);
    for (const text of offers) seen.add(text.body);

    // Her next text reaches the other node: the conversation carries on where it was.
    await textFrom(second, stacyMobile, 'the 20 GB one');
    const next = await eventually(async () => {
      const texts = await newTexts();
      return texts.length > 0 ? texts : undefined;
    });
    expect(next[0]!.body).toMatch(/When should Data Boost start\?/);
  });

  it('runs a campaign: every opted-in customer of the audience gets her text once', async () => {
    const now = new Date();
    await first.app.customers.services.models.Customer.insertMany(
      ['Amelia', 'Oliver', 'Isla'].map((given, index) =>
        newCustomerDocument(
          {
            id: `cust-cluster-${index}`,
            name: { given, family: `Cluster${index}` },
            status: 'active',
            segment: 'consumer',
            language: 'en-GB',
            timezone: 'Europe/London',
            region: 'cluster-test',
            mobile: `+447700900${String(700 + index)}`,
            customerSince: '2022-01-10T09:00:00Z',
            subscriptions: [],
            identities: [],
            smsMarketing: { status: 'opted-in', source: 'selfcare', at: '2022-01-10T09:05:00Z' },
          },
          now,
        ),
      ),
    );
    const api = async (node: AssistNode, path: string, body?: unknown) => {
      const response = await fetch(`${node.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${MANAGER_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const campaign = await api(first, '/api/campaigns', {
      name: 'Cluster wave',
      offeringId: catalogSeedIds.dataBoost,
      template: 'Hi {firstName}, {offerName} is here: {link}',
      audience: { region: 'cluster-test' },
      ratePerSecond: 20,
    });
    // Scheduled through the other node: the dispatch queue is shared through the cluster.
    await api(second, `/api/campaigns/${String(campaign.id)}/schedule`, {});
    const stats = await eventually(async () => {
      const current = await api(first, `/api/campaigns/${String(campaign.id)}/stats`);
      return current.status === 'completed' ? current : undefined;
    }, 30_000);
    expect(stats).toMatchObject({ targeted: 3, sent: 3 });
    for (let index = 0; index < 3; index++) {
      const texts = await textsTo(`+447700900${String(700 + index)}`);
      expect(texts.filter((text) => text.body.includes('/l/'))).toHaveLength(1);
    }
  });

  it('hands a web chat on one node over to an agent on the other, and her words and the agent’s cross between them', async () => {
    const agentUser = await staffUser(second, { name: 'Alex Turner' });
    const agent = await connectConsole(second, { token: agentUser.token });
    consoles.push(agent);

    const visitor = await createVisitor(first as unknown as ChatNode);
    const chat = await connectChat(first as unknown as ChatNode, {
      visitorToken: visitor.visitorToken,
    });
    chats.push(chat.client);
    await chat.received.message((message) => message.author === 'bot');
    const asked = await send(chat.client, { text: 'I want to talk to a person' });
    expect(asked.ok).toBe(true);
    await chat.received.message(
      (message) => message.author === 'bot' && message.inReplyTo === (asked.ok && asked.messageId),
    );

    const panel = await eventually(async () =>
      agent.conversations.find((candidate) => candidate.handover.visitorId === visitor.visitorId),
    );
    const handoverId = panel.handover.id;
    expect(await agent.call('handover:accept', { handoverId })).toMatchObject({ ok: true });

    // The agent, on the second node, writes; she reads it on the first.
    const sent = await agent.call('message:send', { handoverId, text: 'Hi, Alex here.' });
    expect(sent).toMatchObject({ ok: true });
    const fromAgent = await chat.received.message((message) => message.author === 'agent');
    expect(textOf(fromAgent)).toContain('Hi, Alex here.');

    // She answers on the first node; the agent's panel on the second shows it.
    const answer = await send(chat.client, { text: 'I would like the 20 GB boost' });
    expect(answer.ok).toBe(true);
    await eventually(async () =>
      agent.patches.find(
        (patch) =>
          patch.section === 'timeline' && patch.entry.text === 'I would like the 20 GB boost',
      ),
    );
    expect(await agent.call('handover:release', { handoverId })).toMatchObject({ ok: true });
  });

  it('keeps serving after a master restarts (its keys gone, as Redis without persistence loses them)', async () => {
    await cluster.restart(1);
    // An SMS turn needs the inbound queue, the lock and the outbound queue, wherever they live.
    const offerLists = async () =>
      (await textsTo(stacyMobile)).filter((text) => /Data Boost/.test(text.body)).length;
    const before = await offerLists();
    // Accepted as soon as the cluster takes the inbound job again.
    await eventually(async () => {
      try {
        await textFrom(first, stacyMobile, 'what offers do you have?');
        return true;
      } catch {
        return false;
      }
    }, 20_000);
    await eventually(async () => (await offerLists()) > before, 30_000).catch(async (error) => {
      // What she was sent instead, to read in the failure.
      console.log(JSON.stringify(await textsTo(stacyMobile), null, 1));
      throw error;
    });

    // And web chat on the restarted cluster still answers.
    const visitor = await createVisitor(second as unknown as ChatNode);
    const chat = await connectChat(second as unknown as ChatNode, {
      visitorToken: visitor.visitorToken,
    });
    chats.push(chat.client);
    await chat.received.message((message) => message.author === 'bot');
    const ack = await send(chat.client, { text: 'what offers do you have?' });
    expect(ack.ok).toBe(true);
    await chat.received.message(
      (message) => message.author === 'bot' && message.inReplyTo === (ack.ok && ack.messageId),
    );
  }, 60_000);
});
