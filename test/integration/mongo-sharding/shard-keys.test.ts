import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import { stacyMobile } from '../../../src/seed/customers';
import { startTestMongo } from '../../support/mongo';
import type { TestMongo } from '../../support/mongo';
import { converse, startAppNode } from '../bot/bot-harness';
import type { AppNode } from '../bot/bot-harness';
import { connectChat, createVisitor, send } from '../webchat/harness';
import type { ChatNode } from '../webchat/harness';

/** The shard keys and known broadcasts, as docs/sharding.md documents them. */
function documentedSharding() {
  const text = readFileSync(path.resolve(__dirname, '../../../docs/sharding.md'), 'utf8');
  const section = (title: string) => {
    const start = text.indexOf(`## ${title}`);
    const end = text.indexOf('\n## ', start + 1);
    return text
      .slice(start, end === -1 ? undefined : end)
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
      .slice(1)
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
  };
  const keys = new Map<string, string[] | 'unsharded'>();
  for (const [collections = '', key = ''] of section('Keys')) {
    const fields =
      key === 'unsharded'
        ? ('unsharded' as const)
        : [...key.matchAll(/(\w+):/g)].map((match) => match[1]!);
    for (const name of collections.match(/`([^`]+)`/g) ?? []) keys.set(name.slice(1, -1), fields);
  }
  const broadcasts = new Set(
    section('Known broadcasts').map(([collection = '', fields = '']) =>
      `${collection} ${fields}`.replace(/`/g, ''),
    ),
  );
  return { keys, broadcasts };
}

interface Recorded {
  collection: string;
  command: string;
  filter?: Record<string, unknown>;
  document?: Record<string, unknown>;
}

/** The filters (or inserted documents) of one command, as the driver sends it. */
function recordsOf(event: CommandStartedEvent): Recorded[] {
  const command = event.command as Record<string, unknown>;
  const collection = command[event.commandName];
  if (typeof collection !== 'string') return [];
  const base = { collection, command: event.commandName };
  const asFilter = (filter: unknown): Recorded => ({
    ...base,
    filter: (filter ?? {}) as Record<string, unknown>,
  });
  switch (event.commandName) {
    case 'find':
      return [asFilter(command.filter)];
    case 'count':
    case 'distinct':
    case 'findAndModify':
      return [asFilter(command.query)];
    case 'update':
      return (command.updates as Array<{ q: unknown }>).map((update) => asFilter(update.q));
    case 'delete':
      return (command.deletes as Array<{ q: unknown }>).map((entry) => asFilter(entry.q));
    case 'aggregate': {
      const first = (command.pipeline as Array<Record<string, unknown>>)[0];
      return [asFilter(first?.$match)];
    }
    case 'insert':
      return (command.documents as Array<Record<string, unknown>>).map((document) => ({
        ...base,
        document,
      }));
    default:
      return [];
  }
}

/** An equality (or `$in`) on the field: what lets mongos send the query to the shards that hold it. */
function pins(filter: Record<string, unknown>, field: string): boolean {
  const value = filter[field];
  if (value === undefined) return false;
  if (value === null || typeof value !== 'object' || value instanceof Date) return true;
  const operators = value as Record<string, unknown>;
  return operators.$eq !== undefined || Array.isArray(operators.$in);
}

describe('every hot query carries its collection’s shard key (docs/sharding.md)', () => {
  let mongo: TestMongo;
  let node: AppNode;
  const recorded: Recorded[] = [];

  beforeAll(async () => {
    mongo = await startTestMongo();
    // Command monitoring is a client option; the URI carries it to the app's own client.
    const uri = `${mongo.uri}${mongo.uri.includes('?') ? '&' : '?'}monitorCommands=true`;
    node = await startAppNode({
      mongoUri: uri,
      env: { PROVISIONING_BASE_URL: 'http://127.0.0.1:9' },
    });
    node.runtime.mongo.connection
      .getClient()
      .on('commandStarted', (event: CommandStartedEvent) => recorded.push(...recordsOf(event)));

    // A representative stretch of traffic: the README's SMS purchase, then a web-chat message.
    for (const text of ['what offers do you have?', 'the 20 GB one', 'now', 'check out', 'Y']) {
      await converse(node, stacyMobile, text);
    }
    const visitor = await createVisitor(node as unknown as ChatNode);
    const chat = await connectChat(node as unknown as ChatNode, {
      visitorToken: visitor.visitorToken,
    });
    await chat.received.message((message) => message.author === 'bot');
    const ack = await send(chat.client, { text: 'what offers do you have?' });
    await chat.received.message(
      (message) => message.author === 'bot' && message.inReplyTo === (ack.ok && ack.messageId),
    );
    chat.client.close();
  }, 90_000);
  afterAll(async () => {
    await node?.runtime.stop();
    await mongo?.stop();
  });

  it('saw the collections of a turn', () => {
    const touched = new Set(recorded.map((entry) => entry.collection));
    for (const name of ['customers', 'bot_state', 'carts', 'interactions', 'sms_messages']) {
      expect(touched).toContain(name);
    }
    expect(touched).toContain('chat_messages');
    expect(touched).toContain('productOrders');
  });

  it('documents a shard key (or unsharded) for every collection touched', () => {
    const { keys } = documentedSharding();
    const undocumented = [...new Set(recorded.map((entry) => entry.collection))].filter(
      (name) => !keys.has(name),
    );
    expect(undocumented).toEqual([]);
  });

  it('pins the shard key in every filter and inserted document, but for the known broadcasts', () => {
    const { keys, broadcasts } = documentedSharding();
    const unkeyed = new Set<string>();
    const usedBroadcasts = new Set<string>();
    for (const entry of recorded) {
      const key = keys.get(entry.collection);
      if (key === undefined || key === 'unsharded') continue;
      if (entry.document) {
        // A document without any shard key field would all land on one chunk.
        if (!key.some((field) => entry.document![field] !== undefined)) {
          unkeyed.add(`${entry.collection} insert without ${key.join(', ')}`);
        }
        continue;
      }
      const filter = entry.filter ?? {};
      // A compound key targets on its prefix.
      if (pins(filter, key[0]!)) continue;
      const signature = `${entry.collection} ${Object.keys(filter)
        .filter((field) => !field.startsWith('$'))
        .join(', ')}`;
      if (broadcasts.has(signature)) usedBroadcasts.add(signature);
      else unkeyed.add(`${signature} (${entry.command} ${JSON.stringify(filter)})`);
    }
    expect([...unkeyed]).toEqual([]);
    // The list of known broadcasts stays honest: each still happens (or goes from the doc).
    expect([...broadcasts].filter((signature) => !usedBroadcasts.has(signature))).toEqual([]);
  });
});
