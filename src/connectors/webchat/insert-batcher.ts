import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

interface Pending<T> {
  document: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface WriteErrorLike {
  index: number;
  code?: number;
  errmsg?: string;
}

/** A write error of one document in an unordered batch, shaped like the driver's single insert error. */
export class BatchedWriteError extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'BatchedWriteError';
  }
}

/**
 * Group commit for inserts: one unordered `insertMany` at a time, and everything that arrives while
 * it runs goes into the next one. A chat under load writes thousands of small documents a second,
 * and per-command overhead, not the documents, is what costs; at low load a document is written at
 * once, under load batches grow by themselves. Each caller still learns its own document's outcome
 * (a duplicate key rejects only that document's promise).
 */
export class InsertBatcher<T extends Document> {
  private pending: Array<Pending<T>> = [];
  private scheduled = false;
  private writing = false;

  constructor(
    private readonly collection: Collection<T>,
    private readonly maxBatch = 1000,
  ) {}

  insert(document: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ document, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing || this.pending.length === 0) return;
    this.scheduled = true;
    // Inserts made in the same turn of the event loop share the first command too.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.pending.length === 0) return;
    this.writing = true;
    const batch = this.pending.splice(0, this.maxBatch);
    const documents = batch.map((entry) => entry.document as OptionalUnlessRequiredId<T>);
    try {
      await this.collection.insertMany(documents, { ordered: false });
      batch.forEach((entry) => entry.resolve());
    } catch (error) {
      settleFailedBatch(batch, error);
    } finally {
      this.writing = false;
      this.schedule();
    }
  }
}

function settleFailedBatch<T>(batch: Array<Pending<T>>, error: unknown): void {
  const raw = (error as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
  const writeErrors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (writeErrors.length === 0) {
    // Not a per-document failure (the connection, a timeout): nobody's document is known written.
    batch.forEach((entry) => entry.reject(error));
    return;
  }
  const failed = new Map(writeErrors.map((writeError) => [writeError.index, writeError]));
  batch.forEach((entry, index) => {
    const writeError = failed.get(index);
    if (!writeError) entry.resolve();
    else {
      entry.reject(
        new BatchedWriteError(writeError.code, writeError.errmsg ?? 'the document was not written'),
      );
    }
  });
}
