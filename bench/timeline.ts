/**
 * Timeline page time at scale: one page (50 entries, newest first, from a cursor) for a customer
 * with 100,000 interactions among 1,000,000, beside the same for a customer with 1,000. With the
 * compound index {customerId, occurredAt, _id} and keyset (range) queries a page costs the same at
 * any size and depth; a skip- or scan-based timeline would grow with the customer's history.
 *
 * `npm run bench -- timeline [--total 1000000] [--duration 2000]`; MONGODB_URI measures a real server.
 */
import mongoose from 'mongoose';
import { InteractionService } from '../src/domain/interactions/interaction-service';
import type { InteractionDocument } from '../src/domain/interactions/models';
import { createInteractionModels } from '../src/domain/interactions/models';
import { encodeTimelineCursor } from '../src/domain/interactions/timeline-cursor';
import type { DomainEventPublisher } from '../src/domain/shared/events';
import { startEmbeddedMongo } from '../src/infra/mongo/embedded';
import type { Row } from './lib';
import { measureThroughput, printTable } from './lib';

const PAGE = 50;
const BATCH = 10_000;
const kinds = ['message', 'link-click', 'offer-view', 'cart-change', 'campaign-send'] as const;
const channelsInUse = ['sms', 'webchat', 'voice', 'selfcare'] as const;

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Entries a minute apart going back from 2025-06-01, with repeated instants so ties get exercised. */
function entry(customerId: string, n: number): InteractionDocument {
  const occurredAt = new Date(Date.parse('2025-06-01T00:00:00Z') - Math.floor(n / 3) * 60_000);
  return {
    _id: `int_${customerId}_${String(n).padStart(8, '0')}`,
    customerId,
    kind: kinds[n % kinds.length] as InteractionDocument['kind'],
    channel: channelsInUse[n % channelsInUse.length] as InteractionDocument['channel'],
    direction: n % 2 ? 'outbound' : 'inbound',
    summary: `Interaction ${n} with ${customerId}`,
    details: { text: 'Is the Summer Data Double available on my plan?' },
    occurredAt,
    recordedAt: occurredAt,
  };
}

/** Customers' entries in the order a real feed would mix them, inserted with the driver in batches. */
async function load(
  insert: (docs: InteractionDocument[]) => Promise<unknown>,
  plan: Array<{ customerId: string; count: number }>,
): Promise<void> {
  const remaining = plan.map((p) => ({ ...p, next: 0 }));
  let batch: InteractionDocument[] = [];
  while (remaining.some((p) => p.next < p.count)) {
    for (const p of remaining) {
      // Each round takes a slice from every customer still loading, so no one is contiguous.
      const take = Math.min(p.count - p.next, Math.max(1, Math.ceil(p.count / 100)));
      for (let i = 0; i < take; i++) batch.push(entry(p.customerId, p.next++));
      if (batch.length >= BATCH) {
        await insert(batch);
        batch = [];
      }
    }
  }
  if (batch.length) await insert(batch);
}

export async function run(args: string[]): Promise<void> {
  const total = option(args, 'total', 1_000_000);
  const duration = option(args, 'duration', 2000);
  const large = Math.max(PAGE * 4, Math.floor(total / 10));
  const small = Math.min(1_000, Math.max(PAGE * 4, Math.floor(large / 10)));
  const others = Math.max(0, total - large - small);
  const perOther = 200;

  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedMongo();
  const uri = process.env.MONGODB_URI ?? embedded?.uri ?? '';
  const connection = await mongoose
    .createConnection(uri, { dbName: `bench_timeline_${process.pid}` })
    .asPromise();
  const models = createInteractionModels(connection);
  await models.Interaction.init();
  const quiet: DomainEventPublisher = { publish: async () => undefined };
  const timeline = new InteractionService(models, quiet);

  try {
    const plan = [
      { customerId: 'cust-large', count: large },
      { customerId: 'cust-small', count: small },
      ...Array.from({ length: Math.ceil(others / perOther) }, (_, i) => ({
        customerId: `cust-${String(i).padStart(6, '0')}`,
        count: Math.min(perOther, others - i * perOther),
      })),
    ];
    const started = performance.now();
    const collection = models.Interaction.collection;
    type DriverDocs = Parameters<typeof collection.insertMany>[0];
    await load(
      (docs) => collection.insertMany(docs as unknown as DriverDocs, { ordered: false }),
      plan,
    );
    const loadSeconds = (performance.now() - started) / 1000;
    console.log(
      `loaded ${total.toLocaleString('en-US')} interactions in ${loadSeconds.toFixed(1)} s ` +
        `(${large.toLocaleString('en-US')} for the large customer, ${small.toLocaleString('en-US')} for the small one)`,
    );

    /** Cursors of the first `pages` pages, so every measured call is a real "next page" request. */
    async function cursorsFor(
      customerId: string,
      pages: number,
    ): Promise<Array<string | undefined>> {
      const cursors: Array<string | undefined> = [undefined];
      let cursor: string | undefined;
      for (let i = 1; i < pages; i++) {
        const page = await timeline.timeline(
          { customerId },
          { limit: PAGE, ...(cursor ? { before: cursor } : {}) },
        );
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
        cursors.push(cursor);
      }
      return cursors;
    }
    const walk = (customerId: string, cursors: Array<string | undefined>) => (i: number) => {
      const before = cursors[i % cursors.length];
      return timeline.timeline({ customerId }, { limit: PAGE, ...(before ? { before } : {}) });
    };

    const pagesCompared = Math.floor(small / PAGE);
    const smallCursors = await cursorsFor('cust-small', pagesCompared);
    const largeCursors = await cursorsFor('cust-large', pagesCompared);
    // Deep pages: from the middle of the large customer's history (what a skip would pay most for).
    const middle = await models.Interaction.find({ customerId: 'cust-large' })
      .sort({ occurredAt: -1, _id: -1 })
      .skip(Math.floor(large / 2))
      .limit(1)
      .lean<InteractionDocument[]>();
    const deepStart = middle[0];
    if (!deepStart) throw new Error('the large customer has no middle entry');
    const deepCursor = encodeTimelineCursor({
      occurredAt: deepStart.occurredAt,
      id: deepStart._id,
    });

    await measureThroughput(walk('cust-small', smallCursors), Math.min(500, duration));
    const smallPages = await measureThroughput(walk('cust-small', smallCursors), duration);
    const largePages = await measureThroughput(walk('cust-large', largeCursors), duration);
    const deepPages = await measureThroughput(
      () => timeline.timeline({ customerId: 'cust-large' }, { limit: PAGE, before: deepCursor }),
      duration,
    );
    const msPerPage = (perSecond: number) => 1000 / perSecond;

    const rows: Row[] = [
      {
        figure: `page of ${PAGE} at ${large.toLocaleString('en-US')} entries`,
        value: msPerPage(largePages.perSecond),
        unit: 'ms',
        baselineName: `at ${small.toLocaleString('en-US')}`,
        baseline: msPerPage(smallPages.perSecond),
        target: '<= 1.5x',
      },
      {
        figure: `page of ${PAGE} from entry ${Math.floor(large / 2).toLocaleString('en-US')}`,
        value: msPerPage(deepPages.perSecond),
        unit: 'ms',
        baselineName: `at ${small.toLocaleString('en-US')}`,
        baseline: msPerPage(smallPages.perSecond),
        target: '<= 1.5x',
      },
    ];
    printTable(
      `Timeline pages among ${total.toLocaleString('en-US')} interactions (${embedded ? 'embedded MongoDB' : 'MONGODB_URI'})`,
      rows,
    );
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await embedded?.close();
  }
}
