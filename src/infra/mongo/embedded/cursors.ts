/**
 * Server-side cursors. Results are materialised when the cursor opens (documents are immutable
 * references, so this costs one array), and handed out in batches capped by count and bytes.
 */
import { BSON, Long } from 'mongodb';
import type { Doc } from './errors';
import { commandError } from './errors';

const DEFAULT_FIRST_BATCH = 101;
/** Leaves headroom under the 16MB reply limit for the cursor envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface ServerCursor {
  id: number;
  ns: string;
  docs: Doc[];
  position: number;
}

export class CursorRegistry {
  private readonly cursors = new Map<number, ServerCursor>();
  private nextId = 1;

  private takeBatch(cursor: ServerCursor, batchSize: number | undefined): Doc[] {
    const max = batchSize && batchSize > 0 ? batchSize : Number.POSITIVE_INFINITY;
    const batch: Doc[] = [];
    let bytes = 0;
    while (cursor.position < cursor.docs.length && batch.length < max) {
      const doc = cursor.docs[cursor.position] as Doc;
      bytes += BSON.calculateObjectSize(doc);
      if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
      batch.push(doc);
      cursor.position++;
    }
    return batch;
  }

  /** Builds the `cursor` reply field for find/aggregate/list*, registering the rest if any. */
  open(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Doc {
    const cursor: ServerCursor = { id: 0, ns, docs, position: 0 };
    const firstBatch = this.takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (!singleBatch && cursor.position < docs.length) {
      cursor.id = this.nextId++;
      this.cursors.set(cursor.id, cursor);
    }
    return { firstBatch, id: Long.fromNumber(cursor.id), ns };
  }

  getMore(id: number, ns: string, batchSize: number | undefined): Doc {
    const cursor = this.cursors.get(id);
    if (!cursor) throw commandError('CursorNotFound', `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      throw commandError(
        'BadValue',
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    const nextBatch = this.takeBatch(cursor, batchSize);
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(id);
      cursor.id = 0;
    }
    return { nextBatch, id: Long.fromNumber(cursor.id), ns };
  }

  kill(ids: number[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    return {
      cursorsKilled: killed,
      cursorsNotFound: notFound,
      cursorsAlive: [],
      cursorsUnknown: [],
    };
  }

  clear(): void {
    this.cursors.clear();
  }
}
